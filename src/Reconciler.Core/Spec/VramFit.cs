namespace Reconciler.Spec;

/// <summary>
/// Whether a VM's expected VRAM matches a partition size. Specs may write GB for GiB, and hosts
/// keep a few percent of each GPU for the driver, so sizes within 10% match; neighbouring valid
/// partition counts always differ by far more than that.
/// </summary>
public static class VramFit
{
    public const double Tolerance = 0.10;

    public static bool Matches(ByteSize requested, ByteSize partition) =>
        Math.Abs((double)requested.Bytes - partition.Bytes) <= partition.Bytes * Tolerance;
}
