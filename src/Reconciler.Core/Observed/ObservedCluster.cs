using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>What a provider reports about a cluster right now: the real counterpart of a <see cref="ClusterSpec"/>.</summary>
public sealed record ObservedCluster(string Name, bool FailoverCluster, ValueList<ObservedHost> Hosts, ValueList<ObservedPool> Pools)
{
    public ObservedHost? Host(string name) => Hosts.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<ObservedVm> Vms => Hosts.SelectMany(h => h.Vms);

    public ObservedVm? Vm(string name) => Vms.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>One Hyper-V host: its GPUs and the VMs registered on it.</summary>
public sealed record ObservedHost(string Name, ValueList<ObservedGpu> Gpus, ValueList<ObservedVm> Vms, DriverVersion? HostDriver)
{
    public ObservedGpu? Gpu(string locationPath) =>
        Gpus.FirstOrDefault(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A PCI Express GPU resource pool (Windows Server 2025 clustered DDA): created with the same name
/// on every node; <see cref="Members"/> are "host/locationPath" of the GPUs in it.
/// </summary>
public sealed record ObservedPool(string Name, ValueList<string> Hosts, ValueList<PoolMember> Members);

public sealed record PoolMember(string Host, string LocationPath);
