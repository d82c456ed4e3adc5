using Reconciler.Observed;

namespace Reconciler.Drift;

/// <summary>
/// Offline moves between nodes of a failover cluster (failback and drain): which node a drained
/// VM goes to, and the move step itself. GPU VMs cannot live-migrate, so a move is: stop, the
/// removals on the node it leaves, MoveVm, the additions on the node it goes to, start.
/// </summary>
internal sealed partial class VmWorkDiscovery
{
    // Pool GPUs promised to VMs the plan moves to a node: the pool's free members there go down by these.
    private readonly Dictionary<(string Host, string Pool), int> _poolMoves = new(HostPath.Comparer);

    /// <summary>
    /// The node a VM on a drained host moves to: up, not drained, with the GPU resource free (the
    /// most room first, then spec order); null when no node has it.
    /// </summary>
    private string? DrainTarget(VmTarget target)
    {
        var from = target.Observed.Host;
        string? best = null;
        var bestRoom = 0;
        foreach (var host in spec.Hosts)
        {
            if (host.Drain || Same(host.Name, from) || cluster.Host(host.Name) is not { TakesVms: true })
            {
                continue;
            }

            var room = target.Resource switch
            {
                PartitionTarget p => PartitionedGpus(host.Name).Where(g => Fits(p.Vram, g)).Sum(g => Math.Max(0, (g.PartitionCount ?? 0) - _load.GetValueOrDefault((host.Name, g.Path)))),
                DdaPoolTarget pool => FreePoolGpus(host.Name, pool.Pool) >= pool.Count ? FreePoolGpus(host.Name, pool.Pool) : 0,
                _ => 0,
            };
            if (room > bestRoom)
            {
                (best, bestRoom) = (host.Name, room);
            }
        }

        return best;
    }

    /// <summary>Members of the pool on the node that no running VM there holds and no planned move has taken.</summary>
    private int FreePoolGpus(string host, string pool)
    {
        var members = cluster.Pools.FirstOrDefault(p => Same(p.Name, pool))?.Members.Count(m => Same(m.Host, host)) ?? 0;
        var held = cluster.Host(host)?.Vms.Where(v => v.State != VmPowerState.Off).Sum(v => v.DdaDevices.Count(d => Same(d.Pool, pool))) ?? 0;
        return members - held - _poolMoves.GetValueOrDefault((host, pool));
    }

    /// <summary>Whether the VM's pinned adapter can come along unchanged: its GPU is on the node it goes to, with a partition free.</summary>
    private bool RoomFor(string host, PartitionAdapter adapter) =>
        adapter is { Pinned: true, GpuLocationPath: { } path }
        && targets.Gpu(host, path) is { PartitionCount: { } count }
        && _load.GetValueOrDefault((host, path)) < count;

    /// <summary>
    /// Puts the move in the VM's steps: after the removals (which run where it is), before
    /// everything else (which runs on the node it goes to), and counts what it takes there.
    /// </summary>
    private void AddMove(VmWork work, string to, PartitionAdapter? keptAdapter)
    {
        var vm = work.Vm;
        if (keptAdapter is { GpuLocationPath: { } path })
        {
            Unload(vm);
            _load[(to, path)] = _load.GetValueOrDefault((to, path)) + 1;
        }

        foreach (var claim in vm.DdaDevices.Where(d => d.Pool is not null).GroupBy(d => d.Pool!, StringComparer.OrdinalIgnoreCase))
        {
            _poolMoves[(to, claim.Key)] = _poolMoves.GetValueOrDefault((to, claim.Key)) + claim.Count();
        }

        var why = work.IsFailback
            ? $"move {vm.Name}'s cluster role back to its preferred owner {to}"
            : $"move {vm.Name}'s cluster role off drained host {vm.Host} to {to}";
        var steps = work.OffSteps;
        var at = steps.FindIndex(s => s.Kind is not (OperationKind.RemovePartitionAdapter or OperationKind.RemoveDdaDevice));
        at = at < 0 ? steps.Count : at;
        for (var i = at; i < steps.Count; i++)
        {
            steps[i] = steps[i] with { Host = to };
        }

        steps.Insert(at, new Step(OperationKind.MoveVm, new OperationArguments { TargetHost = to }, null, why));
    }
}
