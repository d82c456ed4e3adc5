using Reconciler.Spec;

namespace Reconciler.Observed;

/// <summary>What a provider reports about a cluster right now: the real counterpart of a <see cref="ClusterSpec"/>.</summary>
public sealed record ObservedCluster(string Name, bool FailoverCluster, ValueList<ObservedHost> Hosts, ValueList<ObservedPool> Pools)
{
    // Lookups by name, built on first use: a 1,000-host fleet has tens of thousands of VMs.
    private Dictionary<string, ObservedHost>? _hosts;
    private Dictionary<string, ObservedVm>? _vms;

    public ObservedHost? Host(string name)
    {
        _hosts ??= Hosts.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return _hosts.GetValueOrDefault(name);
    }

    public IEnumerable<ObservedVm> Vms => Hosts.SelectMany(h => h.Vms);

    public ObservedVm? Vm(string name)
    {
        _vms ??= Vms.GroupBy(v => v.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return _vms.GetValueOrDefault(name);
    }

    /// <summary>Equal by value; the lookup caches are not part of the value.</summary>
    public bool Equals(ObservedCluster? other) =>
        other is not null && Name == other.Name && FailoverCluster == other.FailoverCluster && Hosts.Equals(other.Hosts) && Pools.Equals(other.Pools);

    public override int GetHashCode() => HashCode.Combine(Name, FailoverCluster, Hosts, Pools);
}

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

/// <summary>
/// A PCI Express GPU resource pool (Windows Server 2025 clustered DDA): created with the same name
/// on every node; <see cref="Members"/> are "host/locationPath" of the GPUs in it.
/// </summary>
public sealed record ObservedPool(string Name, ValueList<string> Hosts, ValueList<PoolMember> Members);

public sealed record PoolMember(string Host, string LocationPath);
