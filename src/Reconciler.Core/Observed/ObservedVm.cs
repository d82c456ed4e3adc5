using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>VM power states as Get-VM reports them.</summary>
public enum VmPowerState
{
    Off,
    Running,
    Saved,
    Paused,
    Starting,
    Stopping,
}

/// <summary>What Hyper-V does with a VM when the host shuts down (Set-VM -AutomaticStopAction).</summary>
public enum AutomaticStopAction
{
    TurnOff,
    Save,
    ShutDown,
}

/// <summary>A VM as its host reports it, with every GPU-related setting.</summary>
public sealed record ObservedVm(
    string Name,
    string Host,
    VmPowerState State,
    PartitionAdapter? Partition,
    ValueList<DdaDevice> DdaDevices,
    VmMmio Mmio,
    AutomaticStopAction AutomaticStopAction,
    OfflineAction? OfflineAction,
    FailedOver? FailedOver = null)
{
    /// <summary>
    /// A cluster role the failover cluster restarts elsewhere when its node fails: the VM's cluster
    /// resource has the offline action force shutdown, as GPU VMs need (seeds 000, 003; hyperv-gpu.md §4.1).
    /// </summary>
    public bool IsClustered => OfflineAction == Spec.OfflineAction.ForceShutdown;

    public bool HoldsGpu => Partition is not null || DdaDevices.Count > 0;
}

/// <summary>
/// A VM's GPU partition adapter (Msvm_GpuPartitionSettingData). <see cref="GpuLocationPath"/> is
/// the GPU it is pinned to, or the GPU it resolved to when the VM started; null when unresolved.
/// </summary>
public sealed record PartitionAdapter(string? GpuLocationPath, bool Pinned, PartitionSettings Settings);

/// <summary>The twelve values of a partition adapter; null where not set.</summary>
public sealed record PartitionSettings(
    ulong? MinVram, ulong? MaxVram, ulong? OptimalVram,
    ulong? MinEncode, ulong? MaxEncode, ulong? OptimalEncode,
    ulong? MinDecode, ulong? MaxDecode, ulong? OptimalDecode,
    ulong? MinCompute, ulong? MaxCompute, ulong? OptimalCompute)
{
    public static PartitionSettings None { get; } = new(null, null, null, null, null, null, null, null, null, null, null, null);
}

/// <summary>
/// A DDA device of a VM: a GPU by location path, or a claim on a pool that the cluster resolves
/// at start (then <see cref="LocationPath"/> is the GPU it got while the VM runs, null otherwise).
/// </summary>
public sealed record DdaDevice(string? LocationPath, string? Pool)
{
    public override string ToString() => Pool is null ? LocationPath ?? "" : $"pool {Pool}{(LocationPath is null ? "" : $" ({LocationPath})")}";
}

/// <summary>MMIO space of a VM; Hyper-V's defaults are 128 MiB low and 512 MiB high.</summary>
public sealed record VmMmio(ByteSize Low, ByteSize High)
{
    public static VmMmio Default { get; } = new(new ByteSize(128 * ByteSize.MiB), new ByteSize(512 * ByteSize.MiB));
}
