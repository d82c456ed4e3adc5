namespace Reconciler.Spec;

/// <summary>The twelve values of Add-VMGpuPartitionAdapter, as four min/max/optimal ranges.</summary>
public sealed record PartitionResources(ResourceRange? Vram, ResourceRange? Encode, ResourceRange? Decode, ResourceRange? Compute, SourceMap Source);
