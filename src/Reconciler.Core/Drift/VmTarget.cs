using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>A managed VM: its spec, what it is now, and the resource and settings it should have.</summary>
public sealed record VmTarget(VmSpec Spec, ObservedVm Observed, ResourceTarget Resource)
{
    public string Name => Observed.Name;

    public string Host => Observed.Host;

    /// <summary>The node it moves back to, offline (failback to its preferred owner); null: it stays where it is.</summary>
    public string? MoveTo { get; init; }

    /// <summary>It runs on a drained host and may move: the diff picks a node with capacity, or blocks it.</summary>
    public bool Drain { get; init; }
}
