using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>A cluster spec with the file it came from and whether it is fit to apply.</summary>
public sealed record ValidatedCluster(ClusterSpec Spec, string Path, bool IsValid);
