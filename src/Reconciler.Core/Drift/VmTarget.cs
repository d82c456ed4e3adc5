using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>A managed VM: its spec, what it is now, and the resource and settings it should have.</summary>
public sealed record VmTarget(VmSpec Spec, ObservedVm Observed, ResourceTarget Resource)
{
    public string Name => Observed.Name;

    public string Host => Observed.Host;
}
