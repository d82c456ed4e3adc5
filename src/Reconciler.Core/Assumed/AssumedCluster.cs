using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Assumed;

/// <summary>
/// The observed state a review assumes when no host is asked: the base revision's layout, applied
/// in full to the <see cref="AssumedHardware"/>. GPUs are in the base's modes and partition counts;
/// VMs hold what the base gives them, partitions pinned as an apply leaves them; VMs whose power
/// the base leaves unmanaged are assumed running (the worst case for disruption). VMs only the head
/// lists are assumed to exist, off and without a GPU. Planning the base against this gives no operations.
/// </summary>
public static class AssumedCluster
{
    public static ObservedCluster From(ClusterSpec? baseSpec, ClusterSpec head, GpuCatalog catalog)
    {
        var hardware = AssumedHardware.Of(baseSpec, head, catalog);
        var gpus = hardware.Select(g => Configure(g, baseSpec, catalog)).ToList();
        var pools = Pools(baseSpec, gpus, catalog);
        var placement = new Placement(gpus, pools);
        var vms = new List<ObservedVm>();
        if (baseSpec is not null)
        {
            // Pinned partitions first, so the VMs that may go anywhere fill around them.
            foreach (var vm in baseSpec.Vms.OrderBy(v => v.Gpu is PartitionRequest { GpuLocationPath: not null } ? 0 : 1))
            {
                vms.Add(placement.Place(baseSpec, vm));
            }
        }

        var placed = vms.Select(v => v.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in head.Vms.Where(v => !placed.Contains(v.Name)))
        {
            var host = vm.Host ?? (head.Hosts.Count > 0 ? head.Hosts[0].Name : "");
            vms.Add(new ObservedVm(vm.Name, host, VmPowerState.Off, null, ValueList<DdaDevice>.Empty, VmMmio.Default, AutomaticStopAction.Save, null));
        }

        // VMs in spec order (base first), looked up by name: a fleet has tens of thousands.
        var order = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in (baseSpec?.Vms ?? ValueList<VmSpec>.Empty).Concat(head.Vms).Select(v => v.Name))
        {
            order.TryAdd(name, order.Count);
        }

        var hosts = AssumedHardware.HostNames(baseSpec, head).Select(h => new ObservedHost(
            h,
            gpus.Where(g => Same(g.Host, h)).Select(g => g.Observed).ToValueList(),
            vms.Where(v => Same(v.Host, h)).OrderBy(v => order.GetValueOrDefault(v.Name)).ToValueList(),
            (baseSpec?.Hosts ?? ValueList<HostSpec>.Empty).Concat(head.Hosts).FirstOrDefault(s => Same(s.Name, h))?.HostDriver)).ToValueList();
        return new ObservedCluster(head.Name, (baseSpec ?? head).FailoverCluster, hosts, pools.ToValueList());
    }

    /// <summary>A GPU in the mode the base gives it; one the base does not manage stays as it came.</summary>
    private static AssumedHardware.Gpu Configure(AssumedHardware.Gpu gpu, ClusterSpec? baseSpec, GpuCatalog catalog)
    {
        if (Selector(baseSpec, gpu, catalog) is not { } selector)
        {
            return gpu;
        }

        var observed = selector.Mode == GpuMode.Dda
            ? gpu.Observed with { Status = GpuStatus.Dismounted }
            : gpu.Observed with { PartitionCount = selector.PartitionCount ?? gpu.Observed.PartitionCount };
        return gpu with { Observed = observed };
    }

    /// <summary>The base selector that manages a GPU: by location path first, then by model, as the planner matches.</summary>
    internal static GpuSelector? Selector(ClusterSpec? spec, AssumedHardware.Gpu gpu, GpuCatalog catalog)
    {
        var selectors = spec?.Hosts.FirstOrDefault(h => Same(h.Name, gpu.Host))?.Gpus;
        if (selectors is null)
        {
            return null;
        }

        return selectors.FirstOrDefault(s => Same(s.LocationPath, gpu.Observed.LocationPath))
            ?? selectors.FirstOrDefault(s => s.LocationPath is null && s.Model is not null
                && Same(catalog.Find(s.Model)?.Name ?? s.Model, gpu.Observed.Model));
    }

    private static List<ObservedPool> Pools(ClusterSpec? baseSpec, List<AssumedHardware.Gpu> gpus, GpuCatalog catalog)
    {
        if (baseSpec is null)
        {
            return [];
        }

        var members = new List<(string Pool, PoolMember Member)>();
        foreach (var gpu in gpus.Where(g => g.Observed.Status == GpuStatus.Dismounted))
        {
            if (Selector(baseSpec, gpu, catalog) is { Pool: { } pool })
            {
                members.Add((pool, new PoolMember(gpu.Host, gpu.Observed.LocationPath)));
            }
        }

        return members.GroupBy(m => m.Pool, StringComparer.OrdinalIgnoreCase).Select(g =>
        {
            var hosts = baseSpec.FailoverCluster ? baseSpec.Hosts.Select(h => h.Name) : g.Select(m => m.Member.Host).Distinct(StringComparer.OrdinalIgnoreCase);
            return new ObservedPool(g.Key, hosts.ToValueList(), g.Select(m => m.Member).ToValueList());
        }).ToList();
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    /// <summary>Hands out partitions and pool GPUs as an apply of the base would have.</summary>
    private sealed class Placement(List<AssumedHardware.Gpu> gpus, List<ObservedPool> pools)
    {
        private readonly Dictionary<(string Host, string Path), int> _used = new();

        public ObservedVm Place(ClusterSpec spec, VmSpec vm)
        {
            var host = vm.Host ?? PoolHost(vm.Gpu) ?? (spec.Hosts.Count > 0 ? spec.Hosts[0].Name : "");
            var running = vm.Power != PowerIntent.Off;
            PartitionAdapter? partition = null;
            var devices = new List<DdaDevice>();
            switch (vm.Gpu)
            {
                case PartitionRequest p:
                    var pin = p.GpuLocationPath ?? FreePartition(host, p.ExpectedVram);
                    if (pin is not null)
                    {
                        _used[(host, pin)] = _used.GetValueOrDefault((host, pin)) + 1;
                    }

                    partition = new PartitionAdapter(pin, pin is not null, TargetResolver.Settings(p.Resources));
                    break;
                case DdaRequest { LocationPath: { } path }:
                    devices.Add(new DdaDevice(path, null));
                    break;
                case DdaRequest { Pool: { } pool } d:
                    for (var i = 0; i < d.Count; i++)
                    {
                        devices.Add(new DdaDevice(running ? FreePoolGpu(host, pool) : null, pool));
                    }

                    break;
            }

            var dda = vm.Gpu is DdaRequest;
            var mmio = new VmMmio(vm.Mmio?.Low ?? VmMmio.Default.Low, vm.Mmio?.High ?? VmMmio.Default.High);
            var offline = vm.OfflineAction ?? (spec.FailoverCluster && vm.Gpu is not null ? OfflineAction.ForceShutdown : null);
            return new ObservedVm(vm.Name, host, running ? VmPowerState.Running : VmPowerState.Off, partition, devices.ToValueList(), mmio,
                dda ? AutomaticStopAction.TurnOff : AutomaticStopAction.Save, offline);
        }

        /// <summary>The GPU with most free partitions of the right size, then by path, as the planner pins.</summary>
        private string? FreePartition(string host, ByteSize? vram) =>
            gpus.Where(g => Same(g.Host, host) && g.Observed.Status == GpuStatus.Partitioned)
                .Where(g => vram is not { } v || VramFit.Matches(v, g.Observed.PartitionVram))
                .Where(g => _used.GetValueOrDefault((host, g.Observed.LocationPath)) < g.Observed.PartitionCount)
                .OrderByDescending(g => g.Observed.PartitionCount - _used.GetValueOrDefault((host, g.Observed.LocationPath)))
                .ThenBy(g => g.Observed.LocationPath, StringComparer.OrdinalIgnoreCase)
                .FirstOrDefault()?.Observed.LocationPath;

        private string? FreePoolGpu(string host, string pool)
        {
            var member = pools.FirstOrDefault(p => Same(p.Name, pool))?.Members
                .FirstOrDefault(m => Same(m.Host, host) && !_used.ContainsKey((m.Host, m.LocationPath)));
            if (member is null)
            {
                return null;
            }

            _used[(member.Host, member.LocationPath)] = 1;
            return member.LocationPath;
        }

        /// <summary>A host-less pool VM goes where the pool has a free GPU, as the cluster places it.</summary>
        private string? PoolHost(GpuRequest? request) =>
            request is DdaRequest { Pool: { } pool }
                ? pools.FirstOrDefault(p => Same(p.Name, pool))?.Members.FirstOrDefault(m => !_used.ContainsKey((m.Host, m.LocationPath)))?.Host
                : null;
    }
}
