using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>One Hyper-V host: its GPUs and the VMs registered on it.</summary>
public sealed record ObservedHost(string Name, ValueList<ObservedGpu> Gpus, ValueList<ObservedVm> Vms, DriverVersion? HostDriver)
{
    public ObservedGpu? Gpu(string locationPath) =>
        Gpus.FirstOrDefault(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase));
}
