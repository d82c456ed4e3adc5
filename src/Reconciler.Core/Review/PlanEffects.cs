using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Review;

/// <summary>
/// What a cluster looks like once a plan's operations have all taken effect: the "after" of a
/// review, worked out without a host. Each operation changes the records the way the provider
/// call would; a started VM's pool claims resolve to free pool GPUs of its host, as the cluster does.
/// </summary>
public static class PlanEffects
{
    public static ObservedCluster Apply(ObservedCluster cluster, IEnumerable<Operation> operations)
    {
        foreach (var op in operations)
        {
            cluster = Apply(cluster, op);
        }

        return cluster;
    }

    private static ObservedCluster Apply(ObservedCluster cluster, Operation op)
    {
        var a = op.Arguments;
        return op.Kind switch
        {
            OperationKind.StopVm => Vm(cluster, op, v => v with
            {
                State = VmPowerState.Off,
                DdaDevices = v.DdaDevices.Select(d => d.Pool is null ? d : d with { LocationPath = null }).ToValueList(),
            }),
            OperationKind.StartVm => Vm(cluster, op, v => Start(cluster, v)),
            OperationKind.RemovePartitionAdapter => Vm(cluster, op, v => v with { Partition = null }),
            OperationKind.AddPartitionAdapter => Vm(cluster, op, v => v with
            {
                Partition = new PartitionAdapter(a.PinnedGpu, a.PinnedGpu is not null, a.Settings ?? PartitionSettings.None),
            }),
            OperationKind.RemoveDdaDevice => Vm(cluster, op, v => v with { DdaDevices = WithoutFirst(v.DdaDevices, a.Device) }),
            OperationKind.AddDdaDevice when a.Device is { } device => Vm(cluster, op, v => v with { DdaDevices = v.DdaDevices.Append(device).ToValueList() }),
            OperationKind.SetMmio => Vm(cluster, op, v => v with { Mmio = new VmMmio(a.MmioLow ?? v.Mmio.Low, a.MmioHigh ?? v.Mmio.High) }),
            OperationKind.SetAutomaticStopAction => Vm(cluster, op, v => v with { AutomaticStopAction = a.StopAction ?? v.AutomaticStopAction }),
            OperationKind.SetOfflineAction => Vm(cluster, op, v => v with { OfflineAction = a.OfflineAction }),
            OperationKind.SetPartitionCount => Gpu(cluster, op, g => g with { PartitionCount = a.PartitionCount ?? g.PartitionCount }),
            OperationKind.MountGpu => Gpu(cluster, op, g => g with { Status = GpuStatus.Partitioned }),
            OperationKind.DismountGpu => Gpu(cluster, op, g => g with { Status = GpuStatus.Dismounted }),
            OperationKind.CreatePool => Pool(cluster, a.Pool, p => p with { Hosts = p.Hosts.Append(op.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToValueList() }),
            OperationKind.AddGpuToPool => Pool(cluster, a.Pool, p => p with { Members = p.Members.Append(new PoolMember(op.Host, op.Gpu ?? "")).ToValueList() }),
            OperationKind.RemoveGpuFromPool => Pool(cluster, a.Pool, p => p with
            {
                Members = p.Members.Where(m => !(Same(m.Host, op.Host) && Same(m.LocationPath, op.Gpu))).ToValueList(),
            }),
            _ => cluster,
        };
    }

    /// <summary>Running, with each unresolved pool claim on a pool GPU of its host that no running VM holds.</summary>
    private static ObservedVm Start(ObservedCluster cluster, ObservedVm vm)
    {
        // Location paths are unique per host only: look at the VM's own host.
        var held = cluster.Host(vm.Host)?.Vms.Where(v => v.State != VmPowerState.Off).SelectMany(v => v.DdaDevices).Select(d => d.LocationPath)
            .OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var devices = new List<DdaDevice>();
        foreach (var device in vm.DdaDevices)
        {
            var free = device is { Pool: { } pool, LocationPath: null }
                ? cluster.Pools.FirstOrDefault(p => Same(p.Name, pool))?.Members.FirstOrDefault(m => Same(m.Host, vm.Host) && !held.Contains(m.LocationPath))
                : null;
            if (free is not null)
            {
                held.Add(free.LocationPath);
            }

            devices.Add(free is null ? device : device with { LocationPath = free.LocationPath });
        }

        return vm with { State = VmPowerState.Running, DdaDevices = devices.ToValueList() };
    }

    private static ValueList<DdaDevice> WithoutFirst(ValueList<DdaDevice> devices, DdaDevice? removed)
    {
        var index = devices.ToList().FindIndex(d => d == removed);
        if (index < 0)
        {
            index = devices.ToList().FindIndex(d => removed is not null && (removed.Pool is not null ? Same(d.Pool, removed.Pool) : Same(d.LocationPath, removed.LocationPath)));
        }

        return index < 0 ? devices : devices.Where((_, i) => i != index).ToValueList();
    }

    private static ObservedCluster Vm(ObservedCluster cluster, Operation op, Func<ObservedVm, ObservedVm> change) =>
        With(cluster, cluster.Hosts.Select(h => h with
        {
            Vms = h.Vms.Select(v => Same(v.Name, op.Vm) ? change(v) : v).ToValueList(),
        }).ToValueList(), cluster.Pools);

    private static ObservedCluster Gpu(ObservedCluster cluster, Operation op, Func<ObservedGpu, ObservedGpu> change) =>
        With(cluster, cluster.Hosts.Select(h => !Same(h.Name, op.Host) ? h : h with
        {
            Gpus = h.Gpus.Select(g => Same(g.LocationPath, op.Gpu) ? change(g) : g).ToValueList(),
        }).ToValueList(), cluster.Pools);

    private static ObservedCluster Pool(ObservedCluster cluster, string? name, Func<ObservedPool, ObservedPool> change)
    {
        var pools = cluster.Pools.ToList();
        if (name is not null && !pools.Any(p => Same(p.Name, name)))
        {
            pools.Add(new ObservedPool(name, ValueList<string>.Empty, ValueList<PoolMember>.Empty));
        }

        return With(cluster, cluster.Hosts, pools.Select(p => Same(p.Name, name) ? change(p) : p).ToValueList());
    }

    // Not `with`: that would copy the cluster's lookup caches, which would then describe the old hosts.
    private static ObservedCluster With(ObservedCluster cluster, ValueList<ObservedHost> hosts, ValueList<ObservedPool> pools) =>
        new(cluster.Name, cluster.FailoverCluster, hosts, pools);

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
