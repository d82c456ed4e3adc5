namespace Reconciler.Observed;

/// <summary>The twelve values of a partition adapter; null where not set.</summary>
public sealed record PartitionSettings(
    ulong? MinVram, ulong? MaxVram, ulong? OptimalVram,
    ulong? MinEncode, ulong? MaxEncode, ulong? OptimalEncode,
    ulong? MinDecode, ulong? MaxDecode, ulong? OptimalDecode,
    ulong? MinCompute, ulong? MaxCompute, ulong? OptimalCompute)
{
    public static PartitionSettings None { get; } = new(null, null, null, null, null, null, null, null, null, null, null, null);
}
