using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>
/// Where a listed VM of a failover cluster should run now, before any capacity is counted: its
/// preferred owner (failback), another node (drain), or where it is (reported only). Pure.
/// </summary>
internal static class Failback
{
    public const string Never = "stays where it is (policy.failback: never)";
    public const string Pending = "moves back in a maintenance window (policy.failback: window)";

    /// <summary>The failed-over report for a VM away from its preferred owner, and the node it should move back to (null: it stays).</summary>
    public static (FailedOverVm Report, string? MoveTo) Decide(ClusterSpec spec, VmSpec vm, ObservedVm observed, ObservedCluster cluster)
    {
        var preferred = vm.Host!;
        var node = cluster.Host(preferred);
        var hostSpec = spec.Hosts.FirstOrDefault(h => ResolvedTargets.Same(h.Name, preferred));
        string? moveTo = null;
        string status;
        if (node is null)
        {
            status = $"stays: the cluster has no node {preferred}";
        }
        else if (node.State != HostState.Up)
        {
            status = $"waits for host {preferred}, which is {node.State}";
        }
        else if (hostSpec?.Drain == true)
        {
            status = $"stays: {preferred} is being drained (hosts[].drain); remove drain to let it fail back";
        }
        else if (spec.Policy.Failback == FailbackPolicy.Never)
        {
            status = Never;
        }
        else
        {
            moveTo = preferred;
            status = spec.Policy.Failback == FailbackPolicy.Immediate ? "moves back now (policy.failback: immediate)" : Pending;
        }

        return (new FailedOverVm(observed.Name, observed.Host, preferred, observed.FailedOver?.From, observed.FailedOver?.Since, status), moveTo);
    }

    /// <summary>Why a VM on a drained host cannot be moved by the plan, or null when it can (capacity is checked later).</summary>
    public static string? CannotDrain(ObservedVm observed, ResourceTarget resource) => resource switch
    {
        PartitionTarget { PinnedGpu: { } gpu } => $"it is pinned to GPU {gpu} of {observed.Host} (gpu.partition.gpu); unpin it in the spec to let it move",
        DdaPathTarget d => $"it is pinned to GPU {d.LocationPath} of {observed.Host} by DDA; use a pool (gpu.dda.pool) to let it move",
        _ when observed.OfflineAction is null => $"it is not clustered (it has no cluster role to move); make it highly available (Add-ClusterVirtualMachineRole) first",
        _ => null,
    };
}
