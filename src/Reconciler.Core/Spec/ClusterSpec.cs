namespace Reconciler.Spec;

/// <summary>The desired GPU layout of one cluster: one <c>GpuCluster</c> YAML document.</summary>
public sealed record ClusterSpec(
    string Name,
    bool FailoverCluster,
    ClusterPolicy Policy,
    ValueList<HostSpec> Hosts,
    ValueList<VmSpec> Vms,
    SourceMap Source)
{
    public const string ApiVersion = "reconciler/v1";
    public const string Kind = "GpuCluster";
}

/// <summary>A host the spec manages, and the GPUs on it that it manages.</summary>
public sealed record HostSpec(string Name, ValueList<GpuSelector> Gpus, DriverVersion? HostDriver, SourceMap Source);

public enum GpuMode
{
    /// <summary>Split by SR-IOV into equal partitions (GPU-P).</summary>
    Partitioned,

    /// <summary>Dismounted from the host and passed whole to one VM (Discrete Device Assignment).</summary>
    Dda,
}

/// <summary>
/// Which GPUs of a host a rule applies to: every GPU of a model (optionally asserting how many),
/// or the one GPU at a PCI location path; and what they should be.
/// </summary>
public sealed record GpuSelector(
    string? Model,
    string? LocationPath,
    int? Count,
    GpuMode Mode,
    int? PartitionCount,
    string? Pool,
    SourceMap Source)
{
    /// <summary>How the selector reads in messages: "NVIDIA A16" or "PCIROOT(0)#PCI(0200)#PCI(0000)".</summary>
    public string Describe() => LocationPath ?? Model ?? "(empty selector)";
}
