namespace Reconciler.Spec;

/// <summary>
/// When a VM that runs away from its preferred owner (the spec's <c>host</c>) after a failover or
/// a drain moves back: an offline move (stop, move the cluster role, GPU resource there, start),
/// because GPU VMs cannot live-migrate.
/// </summary>
public enum FailbackPolicy
{
    /// <summary>In a maintenance window and within the disruption budget (the default).</summary>
    Window,

    /// <summary>As soon as the preferred owner is up, within the budget but outside windows too.</summary>
    Immediate,

    /// <summary>Never: the VM stays where the cluster put it; the plan only reports it.</summary>
    Never,
}
