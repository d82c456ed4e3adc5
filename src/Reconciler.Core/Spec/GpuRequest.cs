namespace Reconciler.Spec;

/// <summary>The GPU resource a VM asks for: a partition of a partitioned GPU, or whole GPUs by DDA.</summary>
public abstract record GpuRequest(SourceMap Source);
