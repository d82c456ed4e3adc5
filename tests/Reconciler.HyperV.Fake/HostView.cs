using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The CIM classes of one simulated host, as a Hyper-V host would show them: the simulator's
/// state is the truth, this is only its WMI face.
/// </summary>
public static class HostView
{
    private const string V2 = WsManNames.Virtualization;

    public static readonly string[] Classes =
    [
        "Msvm_ComputerSystem", "Msvm_VirtualSystemSettingData", "Msvm_PartitionableGpu", "Msvm_PciExpress",
        "Msvm_GpuPartitionSettingData", "Msvm_GpuPartition", "Msvm_PciExpressSettingData", "Msvm_ShutdownComponent",
        "Msvm_ResourcePool", "Msvm_ElementAllocatedFromPool", "Msvm_VirtualSystemManagementService",
        "Msvm_AssignableDeviceService", "Msvm_ResourcePoolConfigurationService",
    ];

    public static IEnumerable<FakeInstance> Instances(SimState state, SimHost host, string className) => className switch
    {
        "Msvm_ComputerSystem" => ComputerSystems(host),
        "Msvm_VirtualSystemSettingData" => host.Vms.Select(SystemSettings),
        "Msvm_PartitionableGpu" => host.Gpus.Where(g => g.Status is GpuStatus.Partitioned or GpuStatus.Paravirtualization).Select(g => PartitionableGpu(host, g)),
        "Msvm_PciExpress" => PciExpressEntries(host),
        "Msvm_GpuPartitionSettingData" => GpuPartitionSettings(host),
        "Msvm_GpuPartition" => RealizedPartitions(host),
        "Msvm_PciExpressSettingData" => PciExpressSettings(host),
        "Msvm_ShutdownComponent" => host.Vms.Where(v => v.IsActive).Select(v => new FakeInstance(V2, "Msvm_ShutdownComponent")
            .With("CreationClassName", "Msvm_ShutdownComponent")
            .With("DeviceID", $@"Microsoft:{FakeIds.Vm(v.Name)}\{FakeIds.ShutdownComponentGuid}")
            .With("SystemCreationClassName", "Msvm_ComputerSystem")
            .With("SystemName", FakeIds.Vm(v.Name))
            .With("ElementName", "Shutdown")),
        "Msvm_ResourcePool" => Pools(state, host),
        "Msvm_ElementAllocatedFromPool" => PoolAllocations(state, host),
        _ => [],
    };

    /// <summary>
    /// The failover cluster's VM resources (root/MSCluster), the same from every node. Private
    /// properties of the "Virtual Machine" resource type are an embedded object: VmID names the
    /// VM (Get-ClusterParameter on a VM resource), OfflineAction is DWORD 0-3, default 1 (MS
    /// previous-versions mscs virtual-machines-offlineaction). The resource is called
    /// "Virtual Machine &lt;vm&gt;" unless <paramref name="names"/> renames it, as admins may; its
    /// group (the VM's role, OwnerGroup) is named after the VM unless <paramref name="groups"/> renames it.
    /// </summary>
    public static IEnumerable<FakeInstance> ClusterResources(SimState state, IReadOnlyDictionary<string, string>? names = null, IReadOnlyDictionary<string, string>? groups = null) =>
        state.Vms.Select(v => new FakeInstance(WsManNames.Cluster, "MSCluster_Resource")
            .With("Name", names?.GetValueOrDefault(v.Name) ?? "Virtual Machine " + v.Name)
            .With("Type", "Virtual Machine")
            .With("OwnerGroup", groups?.GetValueOrDefault(v.Name) ?? v.Name)
            .With("OwnerNode", state.Hosts.First(h => h.Vms.Contains(v)).Name)
            .With("PrivateProperties", new FakeInstance(WsManNames.Cluster, "MSCluster_Property")
                .With("CheckHeartbeat", "1")
                .With("OfflineAction", v.OfflineAction is { } a ? ((int)a).ToString(CultureInfo.InvariantCulture) : null)
                .With("VmID", FakeIds.Vm(v.Name))));

    /// <summary>
    /// Host-owned GPUs as Windows lists display adapters (Win32_VideoController lists every
    /// adapter the host drives, GPU-P or not; a dismounted GPU is no longer the host's), with the
    /// driver version in Windows' form (580.86 is 32.0.15.8086, NVIDIA's driver numbering).
    /// </summary>
    public static IEnumerable<FakeInstance> VideoControllers(SimHost host) =>
        host.Gpus.Where(Mounted).Select(g => new FakeInstance(WsManNames.Cimv2, "Win32_VideoController")
            .With("Name", g.Model)
            .With("PNPDeviceID", g.InstancePath)
            .With("DriverVersion", WindowsDriverVersion(host.Driver)));

    private static string? WindowsDriverVersion(string? nvidia)
    {
        if (nvidia is null || !DriverVersion.TryParse(nvidia, out var version) || version is null)
        {
            return null;
        }

        var digits = $"{version.Major}{version.Minor:00}";
        return $"32.0.1{digits[0]}.{digits[1..]}";
    }

    public static int EnabledState(VmPowerState state) => state switch
    {
        VmPowerState.Off => 3,
        VmPowerState.Running => 2,
        VmPowerState.Saved => 6,
        VmPowerState.Paused => 9,
        VmPowerState.Starting => 10,
        _ => 4,
    };

    private static IEnumerable<FakeInstance> ComputerSystems(SimHost host)
    {
        yield return new FakeInstance(V2, "Msvm_ComputerSystem")
            .With("Caption", "Hosting Computer System")
            .With("CreationClassName", "Msvm_ComputerSystem")
            .With("Description", "Microsoft Hosting Computer System")
            .With("ElementName", host.Name)
            .With("EnabledState", "2")
            .With("Name", host.Name.ToUpperInvariant());
        foreach (var vm in host.Vms)
        {
            yield return new FakeInstance(V2, "Msvm_ComputerSystem")
                .With("Caption", "Virtual Machine")
                .With("CreationClassName", "Msvm_ComputerSystem")
                .With("Description", "Microsoft Virtual Machine")
                .With("ElementName", vm.Name)
                .With("EnabledState", EnabledState(vm.State).ToString(CultureInfo.InvariantCulture))
                .With("InstallDate", null)
                .With("Name", FakeIds.Vm(vm.Name));
        }
    }

    private static FakeInstance SystemSettings(SimVm vm) =>
        new FakeInstance(V2, "Msvm_VirtualSystemSettingData")
            .With("InstanceID", FakeIds.SystemSettings(vm.Name))
            .With("ElementName", vm.Name)
            .With("VirtualSystemIdentifier", FakeIds.Vm(vm.Name))
            .With("VirtualSystemType", "Microsoft:Hyper-V:System:Realized")
            .With("LowMmioGapSize", (vm.MmioLowBytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture))
            .With("HighMmioGapSize", (vm.MmioHighBytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture))
            .With("AutomaticShutdownAction", vm.StopAction switch { AutomaticStopAction.TurnOff => "2", AutomaticStopAction.ShutDown => "4", _ => "3" });

    private static FakeInstance PartitionableGpu(SimHost host, SimGpu gpu)
    {
        // The same arithmetic as the simulator's projection, so both providers report alike.
        var observed = Projection.Observe(new SimState { Hosts = [host] }).Hosts[0].Gpu(gpu.LocationPath)!;
        var count = (ulong)Math.Max(1, gpu.PartitionCount);
        var instance = new FakeInstance(V2, "Msvm_PartitionableGpu")
            .With("CreationClassName", "Msvm_PartitionableGpu")
            .With("Name", FakeIds.PartitionableName(gpu))
            .With("ElementName", gpu.Model)
            .With("PartitionCount", gpu.PartitionCount.ToString(CultureInfo.InvariantCulture))
            .With("ValidPartitionCounts", gpu.ValidPartitionCounts.Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray());
        foreach (var (resource, amount) in new[] { ("VRAM", observed.Capacity.Vram), ("Encode", observed.Capacity.Encode), ("Decode", observed.Capacity.Decode), ("Compute", observed.Capacity.Compute) })
        {
            instance.With($"Total{resource}", amount.Total.ToString(CultureInfo.InvariantCulture))
                .With($"Available{resource}", amount.Available.ToString(CultureInfo.InvariantCulture))
                .With($"MinPartition{resource}", (amount.Total / count).ToString(CultureInfo.InvariantCulture))
                .With($"MaxPartition{resource}", (amount.Total / count).ToString(CultureInfo.InvariantCulture))
                .With($"OptimalPartition{resource}", (amount.Total / count).ToString(CultureInfo.InvariantCulture));
        }

        return instance;
    }

    /// <summary>A GPU the host drives itself (not dismounted for DDA).</summary>
    public static bool Mounted(SimGpu gpu) => gpu.Status != GpuStatus.Dismounted;

    /// <summary>
    /// Msvm_PciExpress as os-win reads it (hostutils10.get_pci_passthrough_devices, vmutils10.
    /// _get_assignable_pci_device): only dismounted, assignable devices, and a second entry with
    /// the same instance and location path once the device is assigned to a VM. A mounted GPU,
    /// GPU-P or not, has none (MS msvm-pciexpress: the state of an assignable PCI Express device).
    /// </summary>
    private static IEnumerable<FakeInstance> PciExpressEntries(SimHost host)
    {
        foreach (var gpu in host.Gpus.Where(g => !Mounted(g)))
        {
            yield return PciExpress(host, gpu);
            if (host.Vms.Exists(v => v.DdaDevices.Exists(d => FakeIds.Same(d.LocationPath ?? (v.IsActive ? d.ResolvedPath : null), gpu.LocationPath))))
            {
                yield return PciExpress(host, gpu, FakeIds.PciDevice(host.Name, gpu.LocationPath + "/assigned"));
            }
        }
    }

    public static FakeInstance PciExpress(SimHost host, SimGpu gpu, string? deviceId = null) =>
        new FakeInstance(V2, "Msvm_PciExpress")
            .With("CreationClassName", "Msvm_PciExpress")
            .With("DeviceID", deviceId ?? FakeIds.PciDevice(host.Name, gpu.LocationPath))
            .With("SystemCreationClassName", "Msvm_ComputerSystem")
            .With("SystemName", host.Name)
            .With("ElementName", gpu.Model)
            .With("DeviceInstancePath", gpu.InstancePath)
            .With("LocationPath", gpu.LocationPath)
            .With("FunctionNumber", "0");

    private static IEnumerable<FakeInstance> GpuPartitionSettings(SimHost host)
    {
        // The capability definition the cmdlets clone; its resource values are unset.
        yield return Partition(@"Microsoft:Definition\" + FakeIds.Guid("gpup-pool") + @"\Default", "GPU Partition Settings", null, PartitionSettings.None);
        foreach (var vm in host.Vms.Where(v => v.Adapter is not null))
        {
            var pinned = vm.Adapter!.PinnedGpu is { } path && host.Gpu(path) is { } gpu
                ? new[] { WmiPath.Format(host.Name, "Msvm_PartitionableGpu", ("CreationClassName", "Msvm_PartitionableGpu"), ("Name", FakeIds.PartitionableName(gpu))) }
                : null;
            yield return Partition(FakeIds.Partition(vm.Name), "GPU Partition Settings", pinned, vm.Adapter.Settings);
        }
    }

    public static IEnumerable<FakeInstance> ExtraAdapters(SimHost host, IEnumerable<FakeExtraAdapter> adapters, string className) =>
        className == "Msvm_GpuPartitionSettingData"
            ? adapters.Where(a => FakeIds.Same(a.Host, host.Name)).Select(a => Partition(a.InstanceId, "GPU Partition Settings", null, PartitionSettings.None))
            : [];

    private static FakeInstance Partition(string id, string name, string[]? hostResource, PartitionSettings s)
    {
        static string? Text(ulong? v) => v?.ToString(CultureInfo.InvariantCulture);
        return new FakeInstance(V2, "Msvm_GpuPartitionSettingData")
            .With("InstanceID", id)
            .With("ElementName", name)
            .With("ResourceType", "32770")
            .With("ResourceSubType", "Microsoft:Hyper-V:GPU Partition")
            .With("HostResource", hostResource)
            .With("MinPartitionVRAM", Text(s.MinVram)).With("MaxPartitionVRAM", Text(s.MaxVram)).With("OptimalPartitionVRAM", Text(s.OptimalVram))
            .With("MinPartitionEncode", Text(s.MinEncode)).With("MaxPartitionEncode", Text(s.MaxEncode)).With("OptimalPartitionEncode", Text(s.OptimalEncode))
            .With("MinPartitionDecode", Text(s.MinDecode)).With("MaxPartitionDecode", Text(s.MaxDecode)).With("OptimalPartitionDecode", Text(s.OptimalDecode))
            .With("MinPartitionCompute", Text(s.MinCompute)).With("MaxPartitionCompute", Text(s.MaxCompute)).With("OptimalPartitionCompute", Text(s.OptimalCompute));
    }

    /// <summary>
    /// Realized partitions. DeviceInstancePath names the partition's own device, not the GPU (MS
    /// msvm-gpupartition: "the device instance path that identifies the GPU partition device");
    /// the GPU lists it among its PnP children (<see cref="FakePnp"/>). The device path's form and
    /// the VF LUID's are unsourced; only their roles are modelled.
    /// </summary>
    private static IEnumerable<FakeInstance> RealizedPartitions(SimHost host) =>
        host.Vms.Where(v => v.Adapter?.ResolvedGpu is not null && host.Gpu(v.Adapter.ResolvedGpu) is not null)
            .Select(v => new FakeInstance(V2, "Msvm_GpuPartition")
                .With("CreationClassName", "Msvm_GpuPartition")
                .With("DeviceID", FakeIds.Partition(v.Name) + @"\GpuPartition")
                .With("SystemCreationClassName", "Msvm_ComputerSystem")
                .With("SystemName", FakeIds.Vm(v.Name))
                .With("DeviceInstancePath", FakeIds.PartitionDevice(v.Name))
                .With("PartitionId", "0")
                .With("PartitionVfLuid", FakeIds.VfLuid(v.Name, v.Adapter!.ResolvedGpu!)));

    private static IEnumerable<FakeInstance> PciExpressSettings(SimHost host)
    {
        yield return new FakeInstance(V2, "Msvm_PciExpressSettingData")
            .With("InstanceID", @"Microsoft:Definition\" + FakeIds.Guid("pci-pool") + @"\Default")
            .With("ElementName", "PCI Express Port")
            .With("ResourceType", "32769")
            .With("ResourceSubType", "Microsoft:Hyper-V:Virtual Pci Express Port")
            .With("HostResource", null)
            .With("PoolID", null);
        foreach (var vm in host.Vms)
        {
            for (var i = 0; i < vm.DdaDevices.Count; i++)
            {
                var device = vm.DdaDevices[i];
                var path = device.LocationPath ?? (vm.IsActive ? device.ResolvedPath : null);
                yield return new FakeInstance(V2, "Msvm_PciExpressSettingData")
                    .With("InstanceID", FakeIds.Dda(vm.Name, i))
                    .With("ElementName", "PCI Express Port")
                    .With("ResourceType", "32769")
                    .With("ResourceSubType", "Microsoft:Hyper-V:Virtual Pci Express Port")
                    .With("HostResource", path is null ? null : new[] { PciPath(host, path) })
                    .With("PoolID", device.Pool);
            }
        }
    }

    /// <summary>
    /// Passed-through non-GPU devices as a real host lists them: an Msvm_PciExpress entry (it is
    /// dismounted, so assignable) and the VM's Msvm_PciExpressSettingData pointing at it.
    /// </summary>
    public static IEnumerable<FakeInstance> PassThrough(SimHost host, IEnumerable<FakePassThrough> devices, string className)
    {
        foreach (var device in devices.Where(d => FakeIds.Same(d.Host, host.Name)))
        {
            if (className == "Msvm_PciExpress")
            {
                yield return new FakeInstance(V2, "Msvm_PciExpress")
                    .With("CreationClassName", "Msvm_PciExpress")
                    .With("DeviceID", FakeIds.PciDevice(host.Name, device.LocationPath))
                    .With("SystemCreationClassName", "Msvm_ComputerSystem")
                    .With("SystemName", host.Name)
                    .With("ElementName", device.ElementName)
                    .With("DeviceInstancePath", device.InstancePath)
                    .With("LocationPath", device.LocationPath)
                    .With("FunctionNumber", "0");
            }
            else if (className == "Msvm_PciExpressSettingData")
            {
                yield return new FakeInstance(V2, "Msvm_PciExpressSettingData")
                    .With("InstanceID", $@"Microsoft:{FakeIds.Vm(device.Vm)}\{FakeIds.Guid("passthrough/" + device.LocationPath)}")
                    .With("ElementName", "PCI Express Port")
                    .With("ResourceType", "32769")
                    .With("ResourceSubType", "Microsoft:Hyper-V:Virtual Pci Express Port")
                    .With("HostResource", new[] { PciPath(host, device.LocationPath) })
                    .With("PoolID", null);
            }
        }
    }

    public static string PciPath(SimHost host, string locationPath) =>
        WmiPath.Format(host.Name, "Msvm_PciExpress",
            ("CreationClassName", "Msvm_PciExpress"),
            ("DeviceID", FakeIds.PciDevice(host.Name, locationPath)),
            ("SystemCreationClassName", "Msvm_ComputerSystem"),
            ("SystemName", host.Name));

    private static IEnumerable<FakeInstance> Pools(SimState state, SimHost host)
    {
        yield return new FakeInstance(V2, "Msvm_ResourcePool")
            .With("InstanceID", FakeIds.PrimordialPciPool)
            .With("PoolID", "")
            .With("ResourceType", "32769")
            .With("ResourceSubType", "Microsoft:Hyper-V:Virtual Pci Express Port")
            .With("Primordial", true);
        foreach (var pool in state.Pools.Where(p => p.Hosts.Exists(h => FakeIds.Same(h, host.Name))))
        {
            yield return new FakeInstance(V2, "Msvm_ResourcePool")
                .With("InstanceID", FakeIds.Pool(pool.Name))
                .With("PoolID", pool.Name)
                .With("ResourceType", "32769")
                .With("ResourceSubType", "Microsoft:Hyper-V:Virtual Pci Express Port")
                .With("Primordial", false);
        }
    }

    private static IEnumerable<FakeInstance> PoolAllocations(SimState state, SimHost host)
    {
        foreach (var pool in state.Pools)
        {
            foreach (var member in pool.Members.Where(m => FakeIds.Same(m.Host, host.Name) && host.Gpu(m.LocationPath) is not null))
            {
                var device = PciExpress(host, host.Gpu(member.LocationPath)!);
                yield return new FakeInstance(WsManNames.Virtualization, "Msvm_ElementAllocatedFromPool")
                    .With("Antecedent", new EndpointReference(WsManNames.ClassUri(V2, "Msvm_ResourcePool"), [new("InstanceID", FakeIds.Pool(pool.Name))]))
                    .With("Dependent", device.Reference("CreationClassName", "DeviceID", "SystemCreationClassName", "SystemName"));
            }
        }
    }
}
