using Reconciler.Observed;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Simulation;

/// <summary>What the simulated hosts report: the <see cref="ObservedCluster"/> view of a <see cref="SimState"/>.</summary>
public static class Projection
{
    public static ObservedCluster Observe(SimState state) => new(
        state.Name,
        state.FailoverCluster,
        state.Hosts.Select(h => Host(state, h)).ToValueList(),
        state.Pools.Select(p => new ObservedPool(p.Name, p.Hosts.ToValueList(), p.Members.ToValueList())).ToValueList());

    /// <summary>A down node answers nothing: the cluster still lists the VMs it owns, no GPUs and no driver.</summary>
    private static ObservedHost Host(SimState state, SimHost host) => new(
        host.Name,
        host.State == HostState.Down ? ValueList<ObservedGpu>.Empty : host.Gpus.Select(g => Gpu(host, g)).ToValueList(),
        host.Vms.Select(v => Vm(host, v)).ToValueList(),
        host.State != HostState.Down && host.Driver is { } d && DriverVersion.TryParse(d, out var driver) ? driver : null,
        host.State);

    private static ObservedGpu Gpu(SimHost host, SimGpu gpu)
    {
        var partitioned = gpu.Status == GpuStatus.Partitioned;
        var count = Math.Max(1, gpu.PartitionCount);
        var used = partitioned ? (ulong)host.Vms.Count(v => v.IsActive && SimRules.Same(v.Adapter?.ResolvedGpu, gpu.LocationPath)) : 0;
        ResourceAmount Amount(ulong total) => new(total, partitioned ? total - (total / (ulong)count * used) : 0);
        return new ObservedGpu(
            gpu.LocationPath,
            gpu.InstancePath,
            gpu.Model,
            gpu.Status,
            gpu.ValidPartitionCounts.ToValueList(),
            partitioned ? gpu.PartitionCount : 0,
            new GpuCapacity(Amount(gpu.VramBytes), Amount(gpu.Encode), Amount(gpu.Decode), Amount(gpu.Compute)));
    }

    private static ObservedVm Vm(SimHost host, SimVm vm) => new(
        vm.Name,
        host.Name,
        vm.State,
        vm.Adapter is { } a ? new PartitionAdapter(a.Gpu, a.PinnedGpu is not null, a.Settings) : null,
        vm.DdaDevices.Select(d => new DdaDevice(d.LocationPath ?? (vm.IsActive ? d.ResolvedPath : null), d.Pool)).ToValueList(),
        new VmMmio(new ByteSize(vm.MmioLowBytes), new ByteSize(vm.MmioHighBytes)),
        vm.StopAction,
        vm.OfflineAction,
        vm.FailedOverFrom is { } from ? new FailedOver(from, vm.FailedOverAt) : null);
}
