using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>
/// Turns what a cluster is into a spec that asks for exactly that, so an existing cluster can be
/// adopted: every assignable GPU by location path, every VM that holds a GPU resource.
/// </summary>
public static class SpecExport
{
    public static ClusterSpec ToSpec(ObservedCluster cluster)
    {
        var hosts = cluster.Hosts.Select(h => new HostSpec(h.Name, Gpus(cluster, h).ToValueList(), h.HostDriver, SourceMap.None)).ToValueList();
        var vms = cluster.Vms.Where(v => v.HoldsGpu).Select(v => Vm(cluster, v)).ToValueList();
        return new ClusterSpec(cluster.Name, cluster.FailoverCluster, ClusterPolicy.Default, hosts, vms, SourceMap.None);
    }

    private static IEnumerable<GpuSelector> Gpus(ObservedCluster cluster, ObservedHost host)
    {
        foreach (var gpu in host.Gpus)
        {
            switch (gpu.Status)
            {
                case GpuStatus.Partitioned:
                    yield return new GpuSelector(gpu.Model, gpu.LocationPath, null, GpuMode.Partitioned, gpu.PartitionCount, null, SourceMap.None);
                    break;
                case GpuStatus.Dismounted:
                    var pool = cluster.Pools.FirstOrDefault(p => p.Members.Any(m => Same(m.Host, host.Name) && Same(m.LocationPath, gpu.LocationPath)));
                    yield return new GpuSelector(gpu.Model, gpu.LocationPath, null, GpuMode.Dda, null, pool?.Name, SourceMap.None);
                    break;

                // Paravirtualization and not-assignable GPUs cannot be managed, so the spec leaves them out.
            }
        }
    }

    private static VmSpec Vm(ObservedCluster cluster, ObservedVm vm)
    {
        GpuRequest? gpu = null;
        if (vm.Partition is { } partition)
        {
            gpu = new PartitionRequest(partition.Pinned ? partition.GpuLocationPath : null, null, null, SourceMap.None);
        }
        else if (vm.DdaDevices.FirstOrDefault(d => d.Pool is not null) is { Pool: { } pool })
        {
            gpu = new DdaRequest(null, pool, vm.DdaDevices.Count(d => Same(d.Pool, pool)), SourceMap.None);
        }
        else if (vm.DdaDevices.Count > 0 && vm.DdaDevices[0] is { LocationPath: { } path })
        {
            gpu = new DdaRequest(path, null, 1, SourceMap.None);
        }

        var mmio = vm.Mmio == VmMmio.Default ? null : new MmioSpace(vm.Mmio.Low, vm.Mmio.High, SourceMap.None);

        // Only forceShutdown is valid for a clustered GPU VM; any other value is drift to correct, not to adopt.
        var offline = cluster.FailoverCluster && vm.OfflineAction == OfflineAction.ForceShutdown ? OfflineAction.ForceShutdown : (OfflineAction?)null;
        return new VmSpec(vm.Name, vm.Host, gpu, mmio, PowerIntent.Unmanaged, offline, null, null, SourceMap.None);
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
