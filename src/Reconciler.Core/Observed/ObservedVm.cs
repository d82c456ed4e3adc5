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
    OfflineAction? OfflineAction,
    FailedOver? FailedOver = null)
{
    /// <summary>
    /// A cluster role the failover cluster restarts elsewhere when its node fails: the VM's cluster
    /// resource has the offline action force shutdown, as GPU VMs need (seeds 000, 003; hyperv-gpu.md §4.1).
    /// </summary>
    public bool IsClustered => OfflineAction == Spec.OfflineAction.ForceShutdown;

    public bool HoldsGpu => Partition is not null || DdaDevices.Count > 0;
}
