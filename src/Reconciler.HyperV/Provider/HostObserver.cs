using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>Reads a <see cref="HostSnapshot"/> and turns it into the observed model.</summary>
internal static class HostObserver
{
    /// <summary>
    /// Six enumerations, sent together: VMs and GPU-P GPUs (one polymorphic query), the VMs'
    /// realized settings, their GPU adapters and PCIe devices (one polymorphic query), dismounted
    /// devices and realized partitions (one polymorphic query), PCIe pools and display adapters; a seventh for pool members only when user pools exist.
    /// PnP is asked only about GPUs not seen before (<see cref="PnpDirectory"/>).
    /// </summary>
    public static async Task<HostSnapshot> ReadAsync(HostSession session, GpuCatalog catalog, CancellationToken cancellationToken)
    {
        var systems = session.QueryAsync(CimClasses.AnyComputerSystem, CimClasses.SystemFilter, cancellationToken);
        var settings = session.QueryAsync(CimClasses.SystemSettings, $"VirtualSystemType = {CimClasses.Literal(CimClasses.Realized)}", cancellationToken);
        var allocations = session.QueryAsync(CimClasses.AllocationSettings, CimClasses.AllocationFilter, cancellationToken);
        var devices = session.QueryAsync(CimClasses.LogicalDevice, CimClasses.DeviceFilter, cancellationToken);
        var pools = session.QueryAsync(CimClasses.ResourcePool, $"ResourceType = {CimClasses.PciExpressResourceType}", cancellationToken);
        var video = session.QueryAsync(CimClasses.VideoController, null, cancellationToken, WsManNames.Cimv2);
        await Task.WhenAll(systems, settings, allocations, devices, pools, video).ConfigureAwait(false);

        // Msvm_ElementAllocatedFromPool holds every pool allocation of every VM device; it is read
        // only when there is a user pool to list the members of.
        var poolAllocations = pools.Result.Any(p => p.Bool("Primordial") != true)
            ? await session.QueryAsync(CimClasses.PoolAllocation, null, cancellationToken).ConfigureAwait(false)
            : [];
        static List<CimInstance> OfClass(IReadOnlyList<CimInstance> all, string className) => all.Where(a => string.Equals(a.ClassName, className, StringComparison.OrdinalIgnoreCase)).ToList();
        var (gpus, realized) = await session.ResolveGpusAsync(OfClass(systems.Result, CimClasses.PartitionableGpu), devices.Result, video.Result, catalog, cancellationToken).ConfigureAwait(false);
        return new HostSnapshot(session.Host, gpus, OfClass(systems.Result, CimClasses.ComputerSystem), settings.Result, OfClass(allocations.Result, CimClasses.GpuPartitionSettings), realized,
            OfClass(allocations.Result, CimClasses.PciExpressSettings), pools.Result, poolAllocations, video.Result, session.Pnp);
    }

    public static ObservedHost ToHost(HostSnapshot snapshot, GpuCatalog catalog, IReadOnlyDictionary<string, OfflineAction?>? offlineActions, Microsoft.Extensions.Logging.ILogger logger)
    {
        var vms = snapshot.Systems.Where(HostSession.IsVirtualMachine).Select(system => Vm(snapshot, system, offlineActions, logger)).ToValueList();
        return new ObservedHost(snapshot.Host, snapshot.Gpus.Select(g => g.ToObserved(catalog)).ToValueList(), vms, HostDriver(snapshot));
    }

    /// <summary>
    /// The NVIDIA host driver of the host's GPUs (Win32_VideoController of a host-owned GPU):
    /// Windows writes 580.86 as 32.0.15.8086, the last five digits being the NVIDIA version.
    /// </summary>
    private static DriverVersion? HostDriver(HostSnapshot snapshot)
    {
        foreach (var controller in snapshot.VideoControllers)
        {
            var device = controller.String("PNPDeviceID");
            var ours = snapshot.Gpus.Any(g => string.Equals(g.InstancePath, device, StringComparison.OrdinalIgnoreCase));
            var parts = (controller.String("DriverVersion") ?? "").Split('.');
            if (!ours || parts.Length != 4 || parts[3].Length > 4)
            {
                continue;
            }

            var digits = parts[2] + parts[3].PadLeft(4, '0');
            if (digits.Length >= 5 && DriverVersion.TryParse($"{digits[^5..^2]}.{digits[^2..]}", out var version))
            {
                return version;
            }
        }

        return null;
    }

    /// <summary>User-made PCI Express pools on this host (name, and the location paths of their GPUs).</summary>
    public static IEnumerable<(string Pool, IReadOnlyList<string> Members)> Pools(HostSnapshot snapshot)
    {
        foreach (var pool in snapshot.Pools.Where(p => p.Bool("Primordial") != true && !string.IsNullOrEmpty(p.String("PoolID"))))
        {
            var id = pool.String("InstanceID");
            var members = snapshot.PoolAllocations
                .Where(a => string.Equals(a.Reference("Antecedent")?.Selector("InstanceID"), id, StringComparison.OrdinalIgnoreCase))
                .Select(a => GpuByDeviceId(snapshot, a.Reference("Dependent")?.Selector("DeviceID"))?.LocationPath)
                .OfType<string>()
                .ToList();
            yield return (pool.String("PoolID")!, members);
        }
    }

    private static ObservedVm Vm(HostSnapshot snapshot, CimInstance system, IReadOnlyDictionary<string, OfflineAction?>? offlineActions, Microsoft.Extensions.Logging.ILogger logger)
    {
        var guid = system.String("Name") ?? "";
        var name = system.String("ElementName") ?? guid;
        var prefix = $@"Microsoft:{guid}\";
        bool Owned(CimInstance s) => (s.String("InstanceID") ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

        var settings = snapshot.Settings.FirstOrDefault(s => string.Equals(s.String("VirtualSystemIdentifier"), guid, StringComparison.OrdinalIgnoreCase));
        var mmio = new VmMmio(
            settings?.UInt64("LowMmioGapSize") is { } low ? new ByteSize(low * ByteSize.MiB) : VmMmio.Default.Low,
            settings?.UInt64("HighMmioGapSize") is { } high ? new ByteSize(high * ByteSize.MiB) : VmMmio.Default.High);
        var stop = settings?.Int("AutomaticShutdownAction") switch
        {
            2 => AutomaticStopAction.TurnOff,
            4 => AutomaticStopAction.ShutDown,
            _ => AutomaticStopAction.Save,
        };

        PartitionAdapter? adapter = null;
        var partitions = snapshot.Partitions.Where(Owned).ToList();
        if (partitions.Count > 1)
        {
            // The observed model holds one adapter per VM. More than one (a repeated add on some
            // earlier run, or made by hand) must not pass unseen: it holds a partition nobody
            // planned. The warning names it; RemovePartitionAdapter removes all of them.
            HyperVLog.ExtraDevices(logger, snapshot.Host, name, partitions.Count, "GPU partition adapters");
        }

        if (partitions.FirstOrDefault() is { } partition)
        {
            var pinned = partition.Strings("HostResource").Select(PinnedGpu).FirstOrDefault(g => g is not null);
            var resolved = snapshot.RealizedPartitions
                .Where(r => string.Equals(r.String("SystemName"), guid, StringComparison.OrdinalIgnoreCase))
                .Select(r => ResolvedGpu(snapshot, r))
                .FirstOrDefault(g => g is not null);
            adapter = new PartitionAdapter((pinned ?? resolved)?.LocationPath, pinned is not null, Settings(partition));
        }

        // A VM's PCI Express settings cover every passed-through device (NVMe, NICs); only GPUs
        // and claims on GPU pools are the spec's, the rest would show as drift nobody can remove.
        var dda = snapshot.PciDevices.Where(Owned)
            .Select(d => (
                Gpu: d.Strings("HostResource").Select(p => WmiPath.Parse(p)?.Keys.GetValueOrDefault("DeviceID")).Select(id => GpuByDeviceId(snapshot, id)?.LocationPath).FirstOrDefault(l => l is not null),
                Pool: string.IsNullOrEmpty(d.String("PoolID")) ? null : d.String("PoolID")))
            .Where(d => d.Gpu is not null || (d.Pool is not null && IsGpuPool(snapshot, d.Pool)))
            .Select(d => new DdaDevice(d.Gpu, d.Pool))
            .ToValueList();

        // The resource owned by this VM (its VmID), else the one named after it.
        OfflineAction? offline = offlineActions is null ? null
            : offlineActions.TryGetValue("id:" + guid, out var byId) ? byId
            : offlineActions.TryGetValue("name:" + name, out var byName) ? byName
            : null;
        return new ObservedVm(name, snapshot.Host, PowerState(system.Int("EnabledState")), adapter, dda, mmio, stop, offline);

        HostGpu? PinnedGpu(string path) =>
            WmiPath.Parse(path)?.Keys.GetValueOrDefault("Name") is { } gpuName
                ? snapshot.Gpus.FirstOrDefault(g => string.Equals(g.Partitionable?.String("Name"), gpuName, StringComparison.OrdinalIgnoreCase))
                : null;
    }

    /// <summary>A user-made PCI Express pool whose members are all GPUs (an empty one counts: nothing else is in it).</summary>
    private static bool IsGpuPool(HostSnapshot snapshot, string poolId)
    {
        var pool = snapshot.Pools.FirstOrDefault(p => p.Bool("Primordial") != true && string.Equals(p.String("PoolID"), poolId, StringComparison.OrdinalIgnoreCase));
        if (pool is null)
        {
            // A claim on a pool this host does not have: clustered pools are per node, so keep it visible.
            return true;
        }

        var id = pool.String("InstanceID");
        return snapshot.PoolAllocations
            .Where(a => string.Equals(a.Reference("Antecedent")?.Selector("InstanceID"), id, StringComparison.OrdinalIgnoreCase))
            .All(a => GpuByDeviceId(snapshot, a.Reference("Dependent")?.Selector("DeviceID")) is not null);
    }

    private static HostGpu? GpuByDeviceId(HostSnapshot snapshot, string? deviceId) =>
        deviceId is null ? null : snapshot.Gpus.FirstOrDefault(g => g.HasPciDevice(deviceId));

    /// <summary>
    /// The GPU a realized partition (Msvm_GpuPartition) runs on. Its DeviceInstancePath names the
    /// partition's own device (MS msvm-gpupartition: "identifies the GPU partition device"), so
    /// the GPU is the PnP parent listing it among its children; a host that names the GPU itself
    /// there is matched directly.
    /// </summary>
    private static HostGpu? ResolvedGpu(HostSnapshot snapshot, CimInstance partition) =>
        GpuByInstancePath(snapshot, partition.String("DeviceInstancePath"))
        ?? GpuByInstancePath(snapshot, snapshot.Pnp.ParentOf(PnpDirectory.PartitionKey(partition)));

    private static HostGpu? GpuByInstancePath(HostSnapshot snapshot, string? instancePath) =>
        instancePath is null ? null : snapshot.Gpus.FirstOrDefault(g => string.Equals(g.InstancePath, instancePath, StringComparison.OrdinalIgnoreCase));

    public static PartitionSettings Settings(CimInstance p) => new(
        p.UInt64("MinPartitionVRAM"), p.UInt64("MaxPartitionVRAM"), p.UInt64("OptimalPartitionVRAM"),
        p.UInt64("MinPartitionEncode"), p.UInt64("MaxPartitionEncode"), p.UInt64("OptimalPartitionEncode"),
        p.UInt64("MinPartitionDecode"), p.UInt64("MaxPartitionDecode"), p.UInt64("OptimalPartitionDecode"),
        p.UInt64("MinPartitionCompute"), p.UInt64("MaxPartitionCompute"), p.UInt64("OptimalPartitionCompute"));

    /// <summary>
    /// EnabledState, accepting both the CIM values and Hyper-V's extended ones (which a 2025 host
    /// emits is unconfirmed, hyperv-gpu.md §2.6). Unknown states count as running: they hold resources.
    /// </summary>
    public static VmPowerState PowerState(int? enabledState) => enabledState switch
    {
        3 => VmPowerState.Off,
        2 => VmPowerState.Running,
        6 or 32769 => VmPowerState.Saved,
        9 or 32768 => VmPowerState.Paused,
        10 or 32770 => VmPowerState.Starting,
        4 or 32774 => VmPowerState.Stopping,
        _ => VmPowerState.Running,
    };
}
