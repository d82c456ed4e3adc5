namespace Reconciler.Drift;

/// <summary>What must happen to one GPU, and the VMs that must let go of it first.</summary>
internal sealed class GpuWork(GpuTarget target)
{
    public GpuTarget Target { get; } = target;

    public List<Step> Steps { get; } = [];

    /// <summary>VMs holding the GPU now (a pinned or running partition, a DDA assignment).</summary>
    public HashSet<string> Holders { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>"host/path": made once, it names the GPU in groups, messages and sort orders.</summary>
    public string Key { get; } = $"{target.Host}/{target.Path}";

    public bool Blocked { get; set; }
}
