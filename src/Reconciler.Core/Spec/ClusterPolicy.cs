namespace Reconciler.Spec;

/// <summary>How the reconciler may change the cluster.</summary>
public sealed record ClusterPolicy(
    PolicyMode Mode,
    bool Prune,
    MaxUnavailable MaxUnavailable,
    ShutdownPolicy Shutdown,
    ValueList<MaintenanceWindow> Windows,
    SourceMap Source)
{
    public static ClusterPolicy Default { get; } = new(
        PolicyMode.Enforce, Prune: false, MaxUnavailable.One, ShutdownPolicy.Default, ValueList<MaintenanceWindow>.Empty, SourceMap.None);
}

public enum PolicyMode
{
    /// <summary>Correct drift.</summary>
    Enforce,

    /// <summary>Report drift only.</summary>
    Alert,
}

/// <summary>How a VM is taken down: a guest shutdown, then after <see cref="Timeout"/> turn it off or give up.</summary>
public sealed record ShutdownPolicy(TimeSpan Timeout, ShutdownTimeoutAction OnTimeout, SourceMap Source)
{
    public static ShutdownPolicy Default { get; } = new(TimeSpan.FromMinutes(5), ShutdownTimeoutAction.TurnOff, SourceMap.None);
}

public enum ShutdownTimeoutAction
{
    /// <summary>Hard power off after the timeout.</summary>
    TurnOff,

    /// <summary>Leave the VM running and fail the change.</summary>
    Abort,
}

/// <summary>GPU VMs that may be down at once for changes: a number, or a percentage of the cluster's GPU VMs.</summary>
public readonly record struct MaxUnavailable(int Value, bool IsPercent)
{
    public static MaxUnavailable One => new(1, IsPercent: false);

    /// <summary>The budget for <paramref name="gpuVmCount"/> VMs: percentages round down, but never below one.</summary>
    public int Resolve(int gpuVmCount) => IsPercent ? Math.Max(1, gpuVmCount * Value / 100) : Value;

    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// A weekly window in which disruptive steps may start. <see cref="End"/> before <see cref="Start"/>
/// means the window runs past midnight into the next day.
/// </summary>
public sealed record MaintenanceWindow(ValueList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string TimeZone, SourceMap Source);
