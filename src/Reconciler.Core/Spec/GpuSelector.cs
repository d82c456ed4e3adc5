namespace Reconciler.Spec;

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
