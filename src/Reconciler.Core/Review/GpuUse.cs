namespace Reconciler.Review;

/// <summary>How a GPU is used, as the review names it.</summary>
public enum GpuUse
{
    Partitioned,
    Dda,

    /// <summary>Paravirtualization or not assignable: the host cannot hand it to VMs.</summary>
    Unusable,
}
