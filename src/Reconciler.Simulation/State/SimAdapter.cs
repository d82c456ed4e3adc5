using Reconciler.Observed;

namespace Reconciler.Simulation.State;

public sealed class SimAdapter
{
    /// <summary>The GPU it is pinned to (HostResource), or null to let Hyper-V choose at start.</summary>
    public string? PinnedGpu { get; set; }

    /// <summary>The GPU the partition resolved to when the VM last started.</summary>
    public string? ResolvedGpu { get; set; }

    public PartitionSettings Settings { get; set; } = PartitionSettings.None;

    public string? Gpu => PinnedGpu ?? ResolvedGpu;
}
