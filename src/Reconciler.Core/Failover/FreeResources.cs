using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>
/// Free partitions and pool GPUs on the nodes that survive a failure, taken as VMs are placed.
/// Free means not held by a VM that is up now: a cluster restarting roles sees only what runs.
/// </summary>
internal sealed class FreeResources
{
    private readonly ObservedCluster _cluster;
    private readonly List<ObservedHost> _nodes;
    private readonly Dictionary<(string Host, string Gpu), int> _used = new(Drift.HostPath.Comparer);

    public FreeResources(ObservedCluster cluster, string failed)
    {
        _cluster = cluster;
        _nodes = [.. cluster.Hosts.Where(h => h.TakesVms && !Same(h.Name, failed)).OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase)];
        foreach (var node in _nodes)
        {
            foreach (var vm in node.Vms.Where(FailoverPlacement.NeedsRestart))
            {
                if (vm.Partition?.GpuLocationPath is { } gpu)
                {
                    Use(node.Name, gpu);
                }

                foreach (var device in vm.DdaDevices.Where(d => d.LocationPath is not null))
                {
                    Use(node.Name, device.LocationPath!);
                }
            }
        }
    }

    public (Restart? Restart, string? Reason) TakePartition(ObservedVm vm, ByteSize? size, string? oldPath)
    {
        if (_nodes.Count == 0)
        {
            return (null, StrandReasons.NoOtherNode);
        }

        var best = _nodes
            .Select(n => (Node: n, Gpus: FittingGpus(n, size).ToList()))
            .Where(c => c.Gpus.Count > 0)
            .OrderByDescending(c => c.Gpus.Sum(g => Free(c.Node.Name, g)))
            .FirstOrDefault();
        if (best.Node is null)
        {
            return (null, StrandReasons.NoPartition(size));
        }

        var gpu = best.Gpus
            .OrderBy(g => Same(g.LocationPath, oldPath) ? 0 : 1)
            .ThenByDescending(g => Free(best.Node.Name, g))
            .ThenBy(g => g.LocationPath, StringComparer.OrdinalIgnoreCase)
            .First();
        Use(best.Node.Name, gpu.LocationPath);
        return (new Restart(vm.Name, vm.Host, best.Node.Name, gpu.LocationPath, ValueList<string>.Empty), null);
    }

    public (Restart? Restart, string? Reason) TakePoolGpus(ObservedVm vm)
    {
        if (_nodes.Count == 0)
        {
            return (null, StrandReasons.NoOtherNode);
        }

        var claims = vm.DdaDevices.Where(d => d.Pool is not null).GroupBy(d => d.Pool!, StringComparer.OrdinalIgnoreCase)
            .Select(g => (Pool: g.Key, Count: g.Count())).ToList();
        var best = _nodes
            .Select(n => (Node: n, Free: claims.Select(c => FreePoolGpus(n.Name, c.Pool).ToList()).ToList()))
            .Where(c => c.Free.Zip(claims).All(p => p.First.Count >= p.Second.Count))
            .OrderByDescending(c => c.Free.Sum(f => f.Count))
            .FirstOrDefault();
        if (best.Node is null)
        {
            var (pool, count) = claims[0];
            return (null, StrandReasons.NoPoolGpus(pool, count));
        }

        var taken = new List<string>();
        foreach (var (free, claim) in best.Free.Zip(claims))
        {
            foreach (var path in free.Take(claim.Count))
            {
                Use(best.Node.Name, path);
                taken.Add(path);
            }
        }

        return (new Restart(vm.Name, vm.Host, best.Node.Name, null, taken.ToValueList()), null);
    }

    private IEnumerable<ObservedGpu> FittingGpus(ObservedHost node, ByteSize? size) =>
        node.Gpus.Where(g => g.Status == GpuStatus.Partitioned && Free(node.Name, g) > 0
            && (size is not { } s || g.PartitionVram == s));

    private int Free(string node, ObservedGpu gpu) => gpu.PartitionCount - _used.GetValueOrDefault((node, gpu.LocationPath));

    private IEnumerable<string> FreePoolGpus(string node, string pool) =>
        (_cluster.Pools.FirstOrDefault(p => Same(p.Name, pool))?.Members ?? ValueList<PoolMember>.Empty)
            .Where(m => Same(m.Host, node) && !_used.ContainsKey((node, m.LocationPath)))
            .Select(m => m.LocationPath)
            .OrderBy(p => p, StringComparer.OrdinalIgnoreCase);

    private void Use(string node, string gpu) => _used[(node, gpu)] = _used.GetValueOrDefault((node, gpu)) + 1;

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
