using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>GPU status as Windows Admin Center's GPUs tab shows it.</summary>
public enum GpuStatus
{
    /// <summary>Host-owned with the vGPU driver: split into <see cref="ObservedGpu.PartitionCount"/> partitions.</summary>
    Partitioned,

    /// <summary>Disabled and dismounted from the host: "Ready for DDA assignment".</summary>
    Dismounted,

    /// <summary>Partitioning driver present but SR-IOV off on the server: cannot be used for GPU-P.</summary>
    Paravirtualization,

    /// <summary>Legacy PCI device or switch port: cannot be assigned at all.</summary>
    NotAssignable,
}

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

/// <summary>Total and available amounts of the four partition resources.</summary>
public sealed record GpuCapacity(ResourceAmount Vram, ResourceAmount Encode, ResourceAmount Decode, ResourceAmount Compute);

public readonly record struct ResourceAmount(ulong Total, ulong Available);
