using Reconciler.Failover;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;

namespace Reconciler.Simulation;

/// <summary>
/// The failover cluster's part of the simulator: a node failing and coming back, and the offline
/// move of a VM's cluster role. Where the failed node's VMs go is <see cref="FailoverPlacement"/>,
/// the same function the capacity report uses, so what the simulator does and what
/// <c>reconciler capacity</c> predicts cannot disagree. Pure: no disk, no clock.
/// </summary>
public static class SimFailover
{
    /// <summary>
    /// The node goes down: everything on it stops; running clustered GPU VMs restart on surviving
    /// nodes where their GPU resource is free; the others stay off on the failed node (stranded, or
    /// not clustered). Failing a node that is down already changes nothing.
    /// </summary>
    public static NodeFailure FailHost(SimState state, string host, DateTimeOffset now)
    {
        var failed = state.Host(host) ?? throw Permanent("HostNotFound", $"host {host} is not part of cluster {state.Name}.");
        if (failed.State == HostState.Down)
        {
            return new NodeFailure(failed.Name, Spec.ValueList<Restart>.Empty, Spec.ValueList<Stranded>.Empty);
        }

        var outcome = FailoverPlacement.Fail(Projection.Observe(state), failed.Name);
        failed.State = HostState.Down;
        foreach (var vm in failed.Vms)
        {
            SimRules.TurnOff(vm);
        }

        foreach (var restart in outcome.Restarts)
        {
            var vm = failed.Vm(restart.Vm)!;
            var to = state.Host(restart.To)!;
            failed.Vms.Remove(vm);
            to.Vms.Add(vm);
            if (vm.Adapter is { } adapter)
            {
                // The cluster brings the partition up on a GPU of the new node; a pinned adapter is bound to it there.
                adapter.ResolvedGpu = restart.PartitionGpu;
                adapter.PinnedGpu = adapter.PinnedGpu is null ? null : restart.PartitionGpu;
            }

            var gpus = new Queue<string>(restart.PoolGpus);
            foreach (var claim in vm.DdaDevices.Where(d => d.Pool is not null))
            {
                claim.ResolvedPath = gpus.Count > 0 ? gpus.Dequeue() : null;
            }

            vm.State = VmPowerState.Running;
            vm.StartedAt = now; // the cluster restarted it: its guest boots again
            vm.FailedOverFrom = failed.Name;
            vm.FailedOverAt = now;
        }

        return outcome;
    }

    /// <summary>The node is back up, with nothing running: the cluster does not move roles back by itself.</summary>
    public static void RecoverHost(SimState state, string host)
    {
        var node = state.Host(host) ?? throw Permanent("HostNotFound", $"host {host} is not part of cluster {state.Name}.");
        node.State = HostState.Up;
    }

    /// <summary>Pauses a node (Suspend-ClusterNode without draining) or resumes it.</summary>
    public static void SetPaused(SimState state, string host, bool paused)
    {
        var node = SimRules.Host(state, host);
        node.State = paused ? HostState.Paused : HostState.Up;
    }

    /// <summary>
    /// Moves a VM's cluster role to another node while the VM is off (Move-ClusterVirtualMachineRole
    /// of an offline role; GPU VMs cannot live-migrate). Its configuration goes with it: a pinned
    /// partition stays pinned to the same location path, which the new node must have to start it.
    /// </summary>
    public static void MoveVm(SimState state, string name, string from, string to)
    {
        if (!state.FailoverCluster)
        {
            throw Permanent("NotClustered", $"cluster {state.Name} is not a failover cluster, so VM {name} has no cluster role to move.");
        }

        var target = SimRules.Host(state, to);
        if (target.Vm(name) is not null && state.Host(from)?.Vm(name) is null)
        {
            return; // moved already: a repeated move changes nothing
        }

        var source = SimRules.Host(state, from);
        var vm = SimRules.Vm(state, from, name);
        if (vm.OfflineAction is null)
        {
            throw Permanent("NotClustered", $"VM {name} has no cluster role (it is not clustered), so it cannot be moved between nodes.");
        }

        if (vm.State != VmPowerState.Off)
        {
            throw Permanent("InvalidState", $"cannot move VM {name} while it is {vm.State}: a VM with a GPU cannot live-migrate; shut it down first.");
        }

        if (target.State != HostState.Up)
        {
            throw Permanent("NodePaused", $"node {to} is {target.State} and takes no roles; resume it first.");
        }

        source.Vms.Remove(vm);
        target.Vms.Add(vm);
        vm.FailedOverFrom = null;
        vm.FailedOverAt = null;
        foreach (var claim in vm.DdaDevices)
        {
            claim.ResolvedPath = null;
        }

        if (vm.Adapter is { } adapter)
        {
            adapter.ResolvedGpu = null;
        }
    }

    private static ProviderException Permanent(string code, string message) => new(ProviderErrorKind.Permanent, message, code);
}
