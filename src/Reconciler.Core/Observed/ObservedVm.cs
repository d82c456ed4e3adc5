using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>A VM as its host reports it, with every GPU-related setting.</summary>
public sealed record ObservedVm(
    string Name,
    string Host,
    VmPowerState State,
    PartitionAdapter? Partition,
    ValueList<DdaDevice> DdaDevices,
    VmMmio Mmio,
    AutomaticStopAction AutomaticStopAction,
    OfflineAction? OfflineAction)
{
    public bool HoldsGpu => Partition is not null || DdaDevices.Count > 0;
}
