using Reconciler.Git;
using Reconciler.Spec;

namespace Reconciler.Service;

/// <summary>The last good revision: every cluster spec it holds, all valid.</summary>
internal sealed record DesiredSet(Revision Revision, IReadOnlyList<ClusterSpec> Clusters);
