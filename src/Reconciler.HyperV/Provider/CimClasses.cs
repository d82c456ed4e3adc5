using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Provider;

/// <summary>The Hyper-V classes, values and property types the provider uses (hyperv-gpu.md §2).</summary>
internal static class CimClasses
{
    public const string ComputerSystem = "Msvm_ComputerSystem";
    public const string SystemSettings = "Msvm_VirtualSystemSettingData";
    public const string PartitionableGpu = "Msvm_PartitionableGpu";
    public const string PciExpress = "Msvm_PciExpress";
    public const string GpuPartitionSettings = "Msvm_GpuPartitionSettingData";
    public const string GpuPartition = "Msvm_GpuPartition";
    public const string PciExpressSettings = "Msvm_PciExpressSettingData";
    public const string ShutdownComponent = "Msvm_ShutdownComponent";
    public const string HeartbeatComponent = "Msvm_HeartbeatComponent";
    public const string ResourcePool = "Msvm_ResourcePool";
    public const string PoolAllocation = "Msvm_ElementAllocatedFromPool";
    public const string ManagementService = "Msvm_VirtualSystemManagementService";
    public const string AssignableDeviceService = "Msvm_AssignableDeviceService";
    public const string DismountSettings = "Msvm_AssignableDeviceDismountSettingData";
    public const string PoolService = "Msvm_ResourcePoolConfigurationService";
    public const string PoolSettings = "Msvm_ResourcePoolSettingData";
    public const string ClusterResource = "MSCluster_Resource";
    public const string VideoController = "Win32_VideoController";

    /// <summary>The base classes polymorphic queries name, so one enumeration reads several classes (WQL returns subclass instances).</summary>
    public const string LogicalDevice = "CIM_LogicalDevice";
    public const string AnyComputerSystem = "CIM_ComputerSystem";
    public const string AllocationSettings = "CIM_ResourceAllocationSettingData";

    public const string VirtualMachineDescription = "Microsoft Virtual Machine";
    public const string Realized = "Microsoft:Hyper-V:System:Realized";
    public const string GpuPartitionSubType = "Microsoft:Hyper-V:GPU Partition";
    public const string PciExpressSubType = "Microsoft:Hyper-V:Virtual Pci Express Port";
    public const int PciExpressResourceType = 32769;
    public const int GpuPartitionResourceType = 32770;

    /// <summary>
    /// One enumeration of the VMs (and the host) and the GPU-P GPUs: Msvm_ComputerSystem and
    /// Msvm_PartitionableGpu are both CIM_ComputerSystem subclasses (their MS class pages), told
    /// apart by the WQL system property __CLASS, which also leaves out subclasses of
    /// Msvm_ComputerSystem such as planned (not yet imported) systems.
    /// </summary>
    public static readonly string SystemFilter = $"__CLASS = '{ComputerSystem}' OR __CLASS = '{PartitionableGpu}'";

    /// <summary>One enumeration of the dismounted PCIe devices and realized partitions, both CIM_LogicalDevice subclasses (MS msvm-pciexpress, msvm-gpupartition).</summary>
    public static readonly string DeviceFilter = $"__CLASS = '{PciExpress}' OR __CLASS = '{GpuPartition}'";

    /// <summary>One enumeration of the VMs' GPU partition adapters and PCIe devices: both are CIM_ResourceAllocationSettingData, told apart by ResourceType.</summary>
    public static readonly string AllocationFilter = $"ResourceType = {GpuPartitionResourceType} OR ResourceType = {PciExpressResourceType}";

    /// <summary>Client GPU-PV devices carry this suffix: partitioning driver without SR-IOV (WAC "Paravirtualization").</summary>
    public const string ParavirtualizationSuffix = @"\GPUPARAV";

    public static string Uri(string className) => WsManNames.ClassUri(WsManNames.Virtualization, className);

    /// <summary>CIM types of the properties written into embedded instances; WS-Man responses carry no types.</summary>
    public static readonly IReadOnlyDictionary<string, string> PropertyTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["InstanceID"] = "string",
        ["ElementName"] = "string",
        ["ResourceType"] = "uint16",
        ["ResourceSubType"] = "string",
        ["OtherResourceType"] = "string",
        ["PoolID"] = "string",
        ["HostResource"] = "string",
        ["Parent"] = "string",
        ["AllocationUnits"] = "string",
        ["MinPartitionVRAM"] = "uint64",
        ["MaxPartitionVRAM"] = "uint64",
        ["OptimalPartitionVRAM"] = "uint64",
        ["MinPartitionEncode"] = "uint64",
        ["MaxPartitionEncode"] = "uint64",
        ["OptimalPartitionEncode"] = "uint64",
        ["MinPartitionDecode"] = "uint64",
        ["MaxPartitionDecode"] = "uint64",
        ["OptimalPartitionDecode"] = "uint64",
        ["MinPartitionCompute"] = "uint64",
        ["MaxPartitionCompute"] = "uint64",
        ["OptimalPartitionCompute"] = "uint64",
        ["LowMmioGapSize"] = "uint64",
        ["HighMmioGapSize"] = "uint64",
        ["AutomaticShutdownAction"] = "uint16",
        ["DeviceInstancePath"] = "string",
        ["DeviceLocationPath"] = "string",
        ["RequireAcsSupport"] = "boolean",
        ["RequireDeviceMitigations"] = "boolean",
    };

    public static readonly string[] ArrayProperties = ["HostResource"];

    /// <summary>Keys of the service singletons: one CreationClassName selector is what real hosts want (wsman.md §2.5).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ServiceSelectors(string service) => [new("CreationClassName", service)];

    /// <summary>
    /// Copies a template instance (the Default allocation setting) into CIM-XML without its
    /// InstanceID, replacing or adding <paramref name="overrides"/>; properties of unknown type are left out.
    /// </summary>
    public static CimXmlInstance Clone(CimInstance template, string className, IReadOnlyDictionary<string, string[]> overrides)
    {
        var properties = new List<CimXmlProperty>();
        var names = template.PropertyNames.Concat(overrides.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            if (string.Equals(name, "InstanceID", StringComparison.OrdinalIgnoreCase) || !PropertyTypes.TryGetValue(name, out var type))
            {
                continue;
            }

            var values = overrides.TryGetValue(name, out var o) ? o : template.Strings(name).ToArray();
            var isArray = ArrayProperties.Contains(name, StringComparer.OrdinalIgnoreCase);
            if (values.Length > 0 || isArray)
            {
                properties.Add(new CimXmlProperty(name, type, values, isArray));
            }
        }

        return new CimXmlInstance(className, properties);
    }

    public static CimXmlInstance Instance(string className, params (string Name, string Value)[] properties) =>
        new(className, properties.Select(p => new CimXmlProperty(p.Name, PropertyTypes.GetValueOrDefault(p.Name, "string"), [p.Value])).ToList());

    /// <summary>WQL string literal: backslash and quote escaped (Hyper-V InstanceIDs hold backslashes).</summary>
    public static string Literal(string value) =>
        "'" + value.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("'", @"\'", StringComparison.Ordinal) + "'";
}
