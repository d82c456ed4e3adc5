namespace Reconciler.Failover;

/// <summary>
/// A VM the failover cluster restarts on <see cref="To"/> when its node fails, and the GPU resource
/// it gets there: a partition of <see cref="PartitionGpu"/>, or the pool GPUs <see cref="PoolGpus"/>.
/// </summary>
public sealed record Restart(string Vm, string From, string To, string? PartitionGpu, Spec.ValueList<string> PoolGpus);
