using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

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
