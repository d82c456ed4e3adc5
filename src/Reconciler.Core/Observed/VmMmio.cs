using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>MMIO space of a VM; Hyper-V's defaults are 128 MiB low and 512 MiB high.</summary>
public sealed record VmMmio(ByteSize Low, ByteSize High)
{
    public static VmMmio Default { get; } = new(new ByteSize(128 * ByteSize.MiB), new ByteSize(512 * ByteSize.MiB));
}
