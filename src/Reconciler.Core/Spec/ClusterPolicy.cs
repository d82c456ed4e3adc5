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
    /// <summary>How long a started VM's guest may take to report healthy (policy.health).</summary>
    public HealthPolicy Health { get; init; } = HealthPolicy.Default;

    /// <summary>When VMs away from their preferred owner move back (failover clusters).</summary>
    public FailbackPolicy Failback { get; init; } = FailbackPolicy.Window;

    public static ClusterPolicy Default { get; } = new(
        PolicyMode.Enforce, Prune: false, MaxUnavailable.One, ShutdownPolicy.Default, ValueList<MaintenanceWindow>.Empty, SourceMap.None);
}
