namespace Reconciler.Spec.Schema;

/// <summary>
/// The GpuCluster format, described once. The binder checks keys and types against it and
/// specs/schema/gpucluster.schema.json is generated from it, so the two cannot drift apart.
/// </summary>
public static class SpecSchema
{
    public const string NamePattern = "^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$";
    public const string HostNamePattern = "^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$";
    public const string ClusterNamePattern = "^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";
    public const string LocationPathPattern = "^(PCIROOT\\([0-9A-Fa-f]+\\)|ACPI\\([^)#]+\\))(#(PCI\\([0-9A-Fa-f]{4}\\)|ACPI\\([^)#]+\\)))*$";
    public const string SizePattern = "^[0-9]+(\\.[0-9]+)?\\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$";
    public const string DurationPattern = "^([0-9]+h)?([0-9]+m)?([0-9]+s)?$";
    public const string TimePattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$";
    public const string DriverPattern = "^[0-9]{3,4}\\.[0-9]{1,3}(\\.[0-9]{1,3})?$";

    public static IReadOnlyList<string> Days { get; } =
        ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static SchemaField Str(string key, string description) => new(key, FieldKind.String, description);

    private static SchemaField Int(string key, string description, long minimum) => new(key, FieldKind.Integer, description) { Minimum = minimum };

    private static SchemaField Size(string key, string description) => new(key, FieldKind.Size, description) { Pattern = SizePattern };

    private static SchemaField Obj(string key, SchemaObject type, string description) => new(key, FieldKind.Object, description) { Object = type };

    private static SchemaField List(string key, SchemaObject type, string description) => new(key, FieldKind.ObjectList, description) { Object = type };

    /// <summary>The YAML spellings of an enum: its member names in camelCase.</summary>
    public static IReadOnlyList<string> EnumValues<T>()
        where T : struct, Enum => [.. Enum.GetNames<T>().Select(CamelCase)];

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static SchemaField EnumField<T>(string key, string description, T @default)
        where T : struct, Enum => new(key, FieldKind.Enum, description) { Values = EnumValues<T>(), Default = CamelCase(@default.ToString()) };

    public static SchemaObject SizeRange { get; } = new("SizeRange", "Minimum, maximum and optimal amount of memory.",
    [
        Size("min", "Minimum."), Size("max", "Maximum."), Size("optimal", "Optimal."),
    ]);

    public static SchemaObject NumberRange { get; } = new("NumberRange", "Minimum, maximum and optimal of a partition resource, in the driver's units.",
    [
        Int("min", "Minimum.", 0), Int("max", "Maximum.", 0), Int("optimal", "Optimal.", 0),
    ]);

    public static SchemaObject Resources { get; } = new("PartitionResources",
        "The twelve values of Add-VMGpuPartitionAdapter as four min/max/optimal ranges.",
    [
        Obj("vram", SizeRange, "VRAM of the partition."),
        Obj("encode", NumberRange, "Video encode capacity (blocks of 540p60)."),
        Obj("decode", NumberRange, "Video decode capacity (blocks of 540p60)."),
        Obj("compute", NumberRange, "Compute capacity."),
    ]);

    public static SchemaObject Partition { get; } = new("PartitionRequest",
        "One GPU partition: on any partitioned GPU of the VM's host, or pinned to one GPU.",
    [
        Str("gpu", "Location path of the GPU to take the partition from (omit: any partitioned GPU of the host).") with { Pattern = LocationPathPattern },
        Size("vram", "Expected partition size; must match the GPU's partition size."),
        Obj("resources", Resources, "The full resource form of Add-VMGpuPartitionAdapter."),
    ]);

    public static SchemaObject Dda { get; } = new("DdaRequest",
        "Whole GPUs by Discrete Device Assignment: one GPU by location path, or GPUs from a pool.",
    [
        Str("locationPath", "Location path of a DDA GPU on the VM's host.") with { Pattern = LocationPathPattern },
        Str("pool", "Name of a GPU pool; the failover cluster places the VM on a node with a free GPU.") with { Pattern = NamePattern },
        Int("count", "How many GPUs from the pool (default 1).", 1) with { Default = "1" },
    ])
    { ExactlyOneOf = ["locationPath", "pool"] };

    public static SchemaObject GpuRequest { get; } = new("GpuRequest", "The GPU resource of a VM: a partition or DDA, not both.",
    [
        Obj("partition", Partition, "A GPU partition (GPU-P)."),
        Obj("dda", Dda, "Whole GPUs passed through (DDA)."),
    ])
    { ExactlyOneOf = ["partition", "dda"] };

    public static SchemaObject Mmio { get; } = new("MmioSpace", "Memory-mapped I/O space for the VM's devices.",
    [
        Size("low", "Low MMIO space (below 4 GB), 128 MiB to 3.5 GiB."),
        Size("high", "High MMIO space (above 4 GB)."),
    ]);

    public static SchemaObject GuestDrivers { get; } = new("GuestDrivers", "Driver versions inside the VM.",
    [
        Str("guest", "NVIDIA vGPU guest driver version, e.g. 580.88.") with { Pattern = DriverPattern },
    ]);

    public static SchemaObject HostDrivers { get; } = new("HostDrivers", "Driver versions on the host.",
    [
        Str("host", "NVIDIA vGPU manager (host driver) version, e.g. 580.86.") with { Pattern = DriverPattern },
    ]);

    public static SchemaObject Vm { get; } = new("Vm", "A VM the spec manages.",
    [
        Str("name", "VM name as Hyper-V knows it.") with { Required = true, Pattern = NamePattern },
        Str("host", "The host the VM lives on (optional for VMs that take GPUs from a pool).") with { Pattern = HostNamePattern },
        Obj("gpu", GpuRequest, "Its GPU resource; omit for a VM that must hold none."),
        Obj("mmio", Mmio, "MMIO space to reserve."),
        EnumField("power", "Power state after changes: running, off, or unmanaged (keep what it was).", PowerIntent.Unmanaged),
        EnumField("offlineAction", "Failover cluster offline action (default forceShutdown for GPU VMs of failover clusters).", OfflineAction.ForceShutdown) with { Default = null },
        Str("guestOs", "Guest operating system, checked against the GPU-P support list."),
        Obj("drivers", GuestDrivers, "Guest driver versions."),
    ]);

    public static SchemaObject GpuSelector { get; } = new("GpuSelector",
        "GPUs of the host: every GPU of a model, or the GPU at a location path, and what they should be.",
    [
        Str("model", "GPU model as the catalog names it, e.g. NVIDIA A16."),
        Str("locationPath", "PCI location path of one GPU, e.g. PCIROOT(0)#PCI(0300)#PCI(0000).") with { Pattern = LocationPathPattern },
        Int("count", "How many GPUs of the model the host should have.", 1),
        EnumField("mode", "partitioned (GPU-P) or dda (passed through whole).", GpuMode.Partitioned),
        Int("partitionCount", "Partitions per GPU; one of the model's valid counts.", 1),
        Str("pool", "GPU pool (Windows Server 2025 clustered DDA) the DDA GPUs belong to.") with { Pattern = NamePattern },
    ])
    { AnyOf = ["model", "locationPath"] };

    public static SchemaObject Host { get; } = new("Host", "A host the spec manages.",
    [
        Str("name", "Host name.") with { Required = true, Pattern = HostNamePattern },
        List("gpus", GpuSelector, "GPU selectors; the GPUs they match are managed."),
        Obj("drivers", HostDrivers, "Host driver versions."),
        new("drain", FieldKind.Boolean, "Move the host's GPU VMs to nodes with capacity (offline moves, within budget and windows); remove to let them fail back.") { Default = "false" },
    ]);

    public static SchemaObject Window { get; } = new("Window", "A weekly window in which disruptive changes may start.",
    [
        new("days", FieldKind.EnumList, "Days the window opens on.") { Required = true, Values = Days },
        new("start", FieldKind.TimeOfDay, "Opening time, HH:mm.") { Required = true, Pattern = TimePattern },
        new("end", FieldKind.TimeOfDay, "Closing time, HH:mm; earlier than start means the next day.") { Required = true, Pattern = TimePattern },
        Str("timeZone", "IANA time zone, e.g. Europe/Berlin (default UTC).") with { Default = "UTC" },
    ]);

    public static SchemaObject Shutdown { get; } = new("Shutdown", "How VMs are taken down for changes.",
    [
        new("timeout", FieldKind.Duration, "How long to wait for a guest shutdown, e.g. 5m.") { Pattern = DurationPattern, Default = "5m" },
        EnumField("onTimeout", "turnOff (hard power off) or abort (leave it running, fail the change).", ShutdownTimeoutAction.TurnOff),
    ]);

    public static SchemaObject Health { get; } = new("Health", "The guest health gate: a VM started for a change counts as down until its guest reports healthy.",
    [
        new("timeout", FieldKind.Duration, "How long a started VM's guest may take to report healthy (Hyper-V heartbeat OK), e.g. 10m; later, the start counts as failed.") { Pattern = DurationPattern, Default = "10m" },
    ]);

    public static SchemaObject Policy { get; } = new("Policy", "How the reconciler may change the cluster.",
    [
        EnumField("mode", "enforce (correct drift) or alert (report only).", PolicyMode.Enforce),
        new("prune", FieldKind.Boolean, "Remove GPU resources of VMs the spec does not list from managed GPUs.") { Default = "false" },
        new("maxUnavailable", FieldKind.CountOrPercent, "GPU VMs that may be down at once: a number or a percentage like \"25%\".") { Default = "1" },
        Obj("shutdown", Shutdown, "Guest shutdown timeout and what to do after it."),
        Obj("health", Health, "How long a started guest may take to report healthy."),
        List("windows", Window, "Maintenance windows; omit to allow changes at any time."),
        EnumField("failback", "When a VM away from its preferred owner (its host) moves back: window, immediate or never.", FailbackPolicy.Window),
    ]);

    public static SchemaObject Body { get; } = new("GpuClusterSpec", "The desired GPU layout.",
    [
        new("failoverCluster", FieldKind.Boolean, "The hosts form a failover cluster: homogeneity and offline-action rules apply.") { Default = "false" },
        Obj("policy", Policy, "Change policy."),
        List("hosts", Host, "Managed hosts.") with { Required = true },
        List("vms", Vm, "Managed VMs."),
    ]);

    public static SchemaObject Metadata { get; } = new("Metadata", "Identity of the cluster.",
    [
        Str("name", "Cluster name: lower-case letters, digits and dashes.") with { Required = true, Pattern = ClusterNamePattern },
    ]);

    public static SchemaObject Document { get; } = new("GpuCluster", "The desired GPU layout of one Hyper-V cluster.",
    [
        new("apiVersion", FieldKind.Enum, "Format version.") { Required = true, Values = [ClusterSpec.ApiVersion] },
        new("kind", FieldKind.Enum, "Document kind.") { Required = true, Values = [ClusterSpec.Kind] },
        Obj("metadata", Metadata, "Identity.") with { Required = true },
        Obj("spec", Body, "The layout.") with { Required = true },
    ]);
}
