using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>
/// What a failover cluster does when a node fails (design.md §3; seeds 000, 003, 004): its running
/// clustered GPU VMs restart on a surviving node that has the GPU resource they need (a free
/// partition of the same size; free GPUs of the same pool), the others stay off. Pure and
/// deterministic, so the simulator (which acts it out), the capacity report and the review agree.
/// </summary>
/// <remarks>
/// Order: VMs by name; each goes to the node with the most free resources of its kind (ties by
/// node name), on the GPU with the most free partitions (its old location path first, then by
/// path). Surviving nodes are those that are up: paused and down nodes take no roles.
/// </remarks>
public static class FailoverPlacement
{
    public static NodeFailure Fail(ObservedCluster cluster, string host)
    {
        var failed = cluster.Host(host);
        var restarts = new List<Restart>();
        var stranded = new List<Stranded>();
        if (failed is null)
        {
            return new NodeFailure(host, ValueList<Restart>.Empty, ValueList<Stranded>.Empty);
        }

        var free = new FreeResources(cluster, failed.Name);
        foreach (var vm in failed.Vms.Where(NeedsRestart).OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase))
        {
            if (Why(cluster, vm) is { } reason)
            {
                stranded.Add(new Stranded(vm.Name, reason));
                continue;
            }

            var placed = vm.Partition is { } partition
                ? free.TakePartition(vm, failed.Gpu(partition.GpuLocationPath ?? "")?.PartitionVram, partition.GpuLocationPath)
                : free.TakePoolGpus(vm);
            if (placed.Restart is { } restart)
            {
                restarts.Add(restart);
            }
            else
            {
                stranded.Add(new Stranded(vm.Name, placed.Reason!));
            }
        }

        return new NodeFailure(failed.Name, restarts.ToValueList(), stranded.ToValueList());
    }

    /// <summary>A GPU VM that is up holds its GPU resource now and needs one again after a failure.</summary>
    public static bool NeedsRestart(ObservedVm vm) =>
        vm.HoldsGpu && vm.State is VmPowerState.Running or VmPowerState.Starting or VmPowerState.Paused;

    private static string? Why(ObservedCluster cluster, ObservedVm vm) =>
        !cluster.FailoverCluster ? StrandReasons.NotFailoverCluster
        : !vm.IsClustered ? StrandReasons.NotClustered
        : vm.DdaDevices.Any(d => d.Pool is null) ? StrandReasons.PinnedDda
        : null;
}
