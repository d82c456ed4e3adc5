using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>Finds the GPUs that must change (count, mode, pool) and who holds each of them now.</summary>
internal static class GpuWorkDiscovery
{
    public static List<GpuWork> Discover(ResolvedTargets targets, ObservedCluster cluster)
    {
        var work = new List<GpuWork>();
        foreach (var target in targets.Gpus)
        {
            var gpu = target.Observed;
            var item = new GpuWork(target);
            var currentPool = cluster.Pools.FirstOrDefault(p => p.Members.Any(m => Same(m.Host, target.Host) && Same(m.LocationPath, gpu.LocationPath)))?.Name;
            var host = cluster.Host(target.Host)!;
            switch (gpu.Status, target.Mode)
            {
                case (GpuStatus.Partitioned, GpuMode.Partitioned) when target.PartitionCount is { } count && count != gpu.PartitionCount:
                    item.Steps.Add(new Step(OperationKind.SetPartitionCount, new OperationArguments { PartitionCount = count }, gpu.LocationPath,
                        $"repartition GPU {gpu.LocationPath} from {gpu.PartitionCount} to {count} partitions"));
                    AddPartitionHolders(item, host);
                    break;
                case (GpuStatus.Partitioned, GpuMode.Dda):
                    item.Steps.Add(new Step(OperationKind.DismountGpu, OperationArguments.None, gpu.LocationPath, $"dismount GPU {gpu.LocationPath} from the host for DDA"));
                    AddPartitionHolders(item, host);
                    if (target.Pool is { } pool)
                    {
                        item.Steps.Add(new Step(OperationKind.AddGpuToPool, new OperationArguments { Pool = pool }, gpu.LocationPath, $"add GPU {gpu.LocationPath} to pool {pool}"));
                    }

                    break;
                case (GpuStatus.Dismounted, GpuMode.Partitioned):
                    if (currentPool is not null)
                    {
                        item.Steps.Add(new Step(OperationKind.RemoveGpuFromPool, new OperationArguments { Pool = currentPool }, gpu.LocationPath, $"take GPU {gpu.LocationPath} out of pool {currentPool}"));
                    }

                    item.Steps.Add(new Step(OperationKind.MountGpu, OperationArguments.None, gpu.LocationPath, $"mount GPU {gpu.LocationPath} back to the host"));
                    item.Steps.Add(new Step(OperationKind.SetPartitionCount, new OperationArguments { PartitionCount = target.PartitionCount ?? 1 }, gpu.LocationPath,
                        $"partition GPU {gpu.LocationPath} into {target.PartitionCount ?? 1}"));
                    AddDdaHolders(item, host, poolOnly: false);
                    break;
                case (GpuStatus.Dismounted, GpuMode.Dda) when !Same(currentPool, target.Pool) && (currentPool is not null || target.Pool is not null):
                    if (currentPool is not null)
                    {
                        item.Steps.Add(new Step(OperationKind.RemoveGpuFromPool, new OperationArguments { Pool = currentPool }, gpu.LocationPath, $"take GPU {gpu.LocationPath} out of pool {currentPool}"));
                        AddDdaHolders(item, host, poolOnly: true);
                    }

                    if (target.Pool is { } newPool)
                    {
                        item.Steps.Add(new Step(OperationKind.AddGpuToPool, new OperationArguments { Pool = newPool }, gpu.LocationPath, $"add GPU {gpu.LocationPath} to pool {newPool}"));
                    }

                    break;
            }

            if (item.Steps.Count > 0)
            {
                work.Add(item);
            }
        }

        return work;
    }

    /// <summary>A partition is held while pinned to the GPU, or while its VM is not off.</summary>
    private static void AddPartitionHolders(GpuWork item, ObservedHost host)
    {
        foreach (var vm in host.Vms.Where(v => v.Partition is { } p && Same(p.GpuLocationPath, item.Target.Path) && (p.Pinned || v.State != VmPowerState.Off)))
        {
            item.Holders.Add(vm.Name);
        }
    }

    private static void AddDdaHolders(GpuWork item, ObservedHost host, bool poolOnly)
    {
        foreach (var vm in host.Vms.Where(v => v.DdaDevices.Any(d => Same(d.LocationPath, item.Target.Path) && (d.Pool is null ? !poolOnly : v.State != VmPowerState.Off))))
        {
            item.Holders.Add(vm.Name);
        }
    }

    private static bool Same(string? a, string? b) => ResolvedTargets.Same(a, b);
}
