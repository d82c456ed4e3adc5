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
