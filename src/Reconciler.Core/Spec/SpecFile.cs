using Reconciler.Diagnostics;

namespace Reconciler.Spec;

/// <summary>The GpuCluster documents of one file, and what was wrong with the file.</summary>
public sealed record SpecFile(string Path, IReadOnlyList<ClusterSpec> Clusters, IReadOnlyList<Diagnostic> Diagnostics);
