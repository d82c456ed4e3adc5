using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>
/// One Hyper-V host: its GPUs and the VMs registered on it (in a failover cluster: the VMs whose
/// cluster role it owns). A host that is <see cref="HostState.Down"/> reports no GPUs: nobody can ask it.
/// </summary>
public sealed record ObservedHost(string Name, ValueList<ObservedGpu> Gpus, ValueList<ObservedVm> Vms, DriverVersion? HostDriver, HostState State = HostState.Up)
{
    /// <summary>Up and not paused: the cluster may place VMs on it and the planner may change it.</summary>
    public bool TakesVms => State == HostState.Up;

    public ObservedGpu? Gpu(string locationPath) =>
        Gpus.FirstOrDefault(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase));
}
