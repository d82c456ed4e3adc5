using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>The kinds of step a plan is made of; each maps to one provider call. Names are a contract (plan -o json).</summary>
public enum OperationKind
{
    StopVm,
    RemovePartitionAdapter,
    RemoveDdaDevice,
    RemoveGpuFromPool,
    MountGpu,
    DismountGpu,
    SetPartitionCount,
    CreatePool,
    AddGpuToPool,
    SetAutomaticStopAction,
    SetMmio,
    AddPartitionAdapter,
    AddDdaDevice,
    SetOfflineAction,
    StartVm,

    /// <summary>Offline move of a clustered VM's role to <see cref="OperationArguments.TargetHost"/> (failback, drain).</summary>
    MoveVm,
}

/// <summary>
/// One idempotent step against one host. <see cref="DependsOn"/> names the operations that must
/// finish first; <see cref="Wave"/> 0 takes no running VM down, waves 1.. each stay within the
/// disruption budget and run one after the other.
/// </summary>
public sealed record Operation(
    string Id,
    OperationKind Kind,
    string Host,
    string? Vm,
    string? Gpu,
    OperationArguments Arguments,
    ValueList<string> DependsOn,
    bool Disruptive,
    int Wave,
    string Description);

/// <summary>The parameters an operation kind needs; the rest stay null.</summary>
public sealed record OperationArguments
{
    public static OperationArguments None { get; } = new();

    public int? PartitionCount { get; init; }

    public PartitionSettings? Settings { get; init; }

    /// <summary>Pins a new partition adapter to this GPU (null lets Hyper-V choose at start).</summary>
    public string? PinnedGpu { get; init; }

    public DdaDevice? Device { get; init; }

    public string? Pool { get; init; }

    public ByteSize? MmioLow { get; init; }

    public ByteSize? MmioHigh { get; init; }

    public AutomaticStopAction? StopAction { get; init; }

    public OfflineAction? OfflineAction { get; init; }

    public TimeSpan? ShutdownTimeout { get; init; }

    public ShutdownTimeoutAction? OnTimeout { get; init; }

    /// <summary>The node a <see cref="OperationKind.MoveVm"/> moves the VM's role to (the operation's host is where it is now).</summary>
    public string? TargetHost { get; init; }
}
