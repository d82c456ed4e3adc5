namespace Reconciler.Spec;

/// <summary>
/// How many VMs a change may have down at once: policy.maxUnavailable of the spec's GPU VMs
/// (at least one, so a spec with a percentage and few VMs can still change). The planner sizes
/// its waves with it and the executor enforces it: one formula, here.
/// </summary>
public static class DisruptionBudget
{
    public static int Of(ClusterSpec spec) => spec.Policy.MaxUnavailable.Resolve(Math.Max(1, spec.Vms.Count(v => v.Gpu is not null)));
}
