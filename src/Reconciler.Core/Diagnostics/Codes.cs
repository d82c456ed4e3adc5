namespace Reconciler.Diagnostics;

/// <summary>Every rule the spec loader and validator can report, in one place.</summary>
public static class Codes
{
    // GR00x: the file itself.
    public static readonly DiagnosticCode YamlSyntax = Error("GR001", "YAML syntax error");
    public static readonly DiagnosticCode FileTooLarge = Error("GR002", "file larger than the spec size limit");
    public static readonly DiagnosticCode TooDeep = Error("GR003", "nesting deeper than the limit");
    public static readonly DiagnosticCode TooManyNodes = Error("GR004", "document expands to too many nodes (alias bomb)");
    public static readonly DiagnosticCode UnreadableFile = Error("GR005", "file cannot be read");
    public static readonly DiagnosticCode NoDocuments = Warning("GR006", "file holds no documents");
    public static readonly DiagnosticCode UnknownAnchor = Error("GR007", "alias refers to an unknown anchor");

    // GR01x: the schema.
    public static readonly DiagnosticCode ApiVersion = Error("GR010", "unsupported apiVersion");
    public static readonly DiagnosticCode Kind = Error("GR011", "unsupported kind");
    public static readonly DiagnosticCode Required = Error("GR012", "required field missing");
    public static readonly DiagnosticCode WrongType = Error("GR013", "value has the wrong type");
    public static readonly DiagnosticCode UnknownKey = Error("GR014", "unknown key");
    public static readonly DiagnosticCode DuplicateKey = Error("GR015", "duplicate key");
    public static readonly DiagnosticCode InvalidEnum = Error("GR016", "value not among the allowed ones");
    public static readonly DiagnosticCode InvalidSize = Error("GR017", "invalid size");
    public static readonly DiagnosticCode InvalidDuration = Error("GR018", "invalid duration");
    public static readonly DiagnosticCode OutOfRange = Error("GR019", "number out of range");

    // GR02x: names.
    public static readonly DiagnosticCode InvalidName = Error("GR020", "invalid name");
    public static readonly DiagnosticCode DuplicateHost = Error("GR021", "duplicate host name");
    public static readonly DiagnosticCode DuplicateVm = Error("GR022", "duplicate VM name");
    public static readonly DiagnosticCode DuplicateCluster = Error("GR023", "duplicate cluster name");
    public static readonly DiagnosticCode PoolNameCase = Error("GR024", "pool names differ only in case");

    // GR1xx: host GPUs.
    public static readonly DiagnosticCode SelectorEmpty = Error("GR100", "GPU selector selects nothing");
    public static readonly DiagnosticCode UnknownModel = Error("GR101", "unknown GPU model");
    public static readonly DiagnosticCode PartitioningUnsupported = Error("GR102", "GPU partitioning not supported on this model");
    public static readonly DiagnosticCode ModeFields = Error("GR103", "fields do not fit the GPU mode");
    public static readonly DiagnosticCode InvalidPartitionCount = Error("GR104", "partition count not valid for the model");
    public static readonly DiagnosticCode GpuSelectedTwice = Error("GR105", "GPU selected twice");
    public static readonly DiagnosticCode GpuPartitionedAndDda = Error("GR106", "GPU both partitioned and DDA");
    public static readonly DiagnosticCode PartialBoard = Warning("GR107", "GPU count is not a whole number of boards");
    public static readonly DiagnosticCode MixedModels = Error("GR108", "failover cluster mixes GPU models");
    public static readonly DiagnosticCode MixedPartitionCounts = Error("GR109", "failover cluster mixes partition counts");
    public static readonly DiagnosticCode HostWithoutPartitions = Warning("GR110", "failover cluster node without partitioned GPUs");
    public static readonly DiagnosticCode InvalidLocationPath = Error("GR111", "invalid PCI location path");
    public static readonly DiagnosticCode MixedPoolModels = Error("GR112", "DDA pool mixes GPU models");
    public static readonly DiagnosticCode UnknownDdaModel = Warning("GR113", "DDA GPU model not in the catalog");
    public static readonly DiagnosticCode NodeLossStrands = Warning("GR114", "failover cluster cannot absorb the loss of a node");
    public static readonly DiagnosticCode FailoverOnlySetting = Warning("GR115", "failback or drain on hosts that are not a failover cluster");

    // GR2xx: VMs.
    public static readonly DiagnosticCode UnknownHost = Error("GR200", "VM on an undeclared host");
    public static readonly DiagnosticCode NoPartitionedGpu = Error("GR201", "VM wants a partition but its host has no partitioned GPU");
    public static readonly DiagnosticCode HostCapacity = Error("GR202", "more partitions requested than the host has");
    public static readonly DiagnosticCode GpuCapacity = Error("GR203", "more partitions pinned to a GPU than it has");
    public static readonly DiagnosticCode PinnedGpuNotPartitioned = Error("GR204", "pinned GPU is not a partitioned GPU of the host");
    public static readonly DiagnosticCode VramMismatch = Error("GR205", "vram does not match the partition size");
    public static readonly DiagnosticCode TwoGpuResources = Error("GR206", "more than one GPU resource");
    public static readonly DiagnosticCode InvalidResources = Error("GR207", "inconsistent partition resources");
    public static readonly DiagnosticCode DdaPathTwice = Error("GR208", "DDA GPU assigned to more than one VM");
    public static readonly DiagnosticCode DdaPathNotDeclared = Error("GR209", "DDA GPU not declared as DDA on the host");
    public static readonly DiagnosticCode UnknownPool = Error("GR210", "unknown GPU pool");
    public static readonly DiagnosticCode PoolCapacity = Error("GR211", "pool requests exceed pool capacity");
    public static readonly DiagnosticCode MmioRange = Error("GR212", "MMIO space outside Hyper-V's range");
    public static readonly DiagnosticCode OfflineAction = Error("GR213", "clustered GPU VM needs offline action forceShutdown");
    public static readonly DiagnosticCode HostRequired = Error("GR214", "VM needs a host");

    // GR3xx: policy.
    public static readonly DiagnosticCode MaxUnavailable = Error("GR300", "invalid maxUnavailable");
    public static readonly DiagnosticCode WindowDays = Error("GR301", "invalid window days");
    public static readonly DiagnosticCode WindowTime = Error("GR302", "invalid window time");
    public static readonly DiagnosticCode TimeZone = Error("GR303", "unknown time zone");
    public static readonly DiagnosticCode EmptyWindow = Error("GR304", "window of zero length");
    public static readonly DiagnosticCode ShutdownTimeout = Error("GR305", "shutdown timeout out of range");
    public static readonly DiagnosticCode HealthTimeout = Error("GR306", "health timeout out of range");

    // GR4xx: drivers and guests.
    public static readonly DiagnosticCode DriverVersion = Error("GR400", "malformed driver version");
    public static readonly DiagnosticCode GuestDriverNewer = Error("GR401", "guest driver newer than the host's vGPU manager");
    public static readonly DiagnosticCode DriverBranchGap = Error("GR402", "guest driver more than one branch behind the host");
    public static readonly DiagnosticCode UnknownDriverBranch = Warning("GR403", "driver branch unknown to the catalog");
    public static readonly DiagnosticCode GuestOsUnsupported = Warning("GR410", "guest OS not supported for GPU partitioning");

    /// <summary>All codes, for docs and tests.</summary>
    public static IReadOnlyList<DiagnosticCode> All { get; } =
        [.. typeof(Codes).GetFields()
            .Where(f => f.FieldType == typeof(DiagnosticCode))
            .Select(f => (DiagnosticCode)f.GetValue(null)!)
            .OrderBy(c => c.Id, StringComparer.Ordinal)];

    private static DiagnosticCode Error(string id, string title) => new(id, Severity.Error, title);

    private static DiagnosticCode Warning(string id, string title) => new(id, Severity.Warning, title);
}
