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
