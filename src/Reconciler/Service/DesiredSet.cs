using Reconciler.Git;
using Reconciler.Spec;

namespace Reconciler.Cli.Service;

/// <summary>The last good revision: every cluster spec it holds, all valid.</summary>
internal sealed record DesiredSet(Revision Revision, IReadOnlyList<ClusterSpec> Clusters);

/// <summary>Why the newest revision is not used.</summary>
internal sealed record Stall(string Commit, string Reason, string Message, DateTimeOffset Since);
