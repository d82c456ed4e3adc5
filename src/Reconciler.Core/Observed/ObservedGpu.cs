using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>
/// One physical GPU of a host. Capacities are what the host reports (Msvm_PartitionableGpu):
/// VRAM in bytes, encode/decode/compute in the driver's units.
/// </summary>
public sealed record ObservedGpu(
    string LocationPath,
    string InstancePath,
    string Model,
    GpuStatus Status,
    ValueList<int> ValidPartitionCounts,
    int PartitionCount,
    GpuCapacity Capacity)
{
    /// <summary>VRAM of one partition at the current count (MinPartitionVRAM on a real host).</summary>
    public ByteSize PartitionVram => new(Capacity.Vram.Total / (ulong)Math.Max(1, PartitionCount));
}
