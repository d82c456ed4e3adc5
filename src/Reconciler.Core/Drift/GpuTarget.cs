using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>What one observed GPU should be, according to the selector of the spec that matches it.</summary>
public sealed record GpuTarget(string Host, ObservedGpu Observed, GpuMode Mode, int? PartitionCount, string? Pool)
{
    public string Path => Observed.LocationPath;

    /// <summary>Partition size once the target count is set.</summary>
    public ByteSize? PartitionVram => Mode == GpuMode.Partitioned && PartitionCount is { } n
        ? new ByteSize(Observed.Capacity.Vram.Total / (ulong)Math.Max(1, n))
        : null;
}
