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
