namespace Reconciler.Spec;

public enum GpuMode
{
    /// <summary>Split by SR-IOV into equal partitions (GPU-P).</summary>
    Partitioned,

    /// <summary>Dismounted from the host and passed whole to one VM (Discrete Device Assignment).</summary>
    Dda,
}
