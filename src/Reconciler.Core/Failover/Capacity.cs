using Reconciler.Assumed;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>Computes the <see cref="CapacityReport"/>: each node that is not down, failed in turn.</summary>
public static class Capacity
{
    /// <summary>From what the cluster runs now (a target was given).</summary>
    public static CapacityReport Of(ObservedCluster cluster)
    {
        var hosts = cluster.Hosts
            .Where(h => h.State != HostState.Down)
            .Select(h => FailoverPlacement.Fail(cluster, h.Name))
            .Select(f => new HostCapacity(f.Host, f.Restarts.Select(r => r.Vm).ToValueList(), f.Stranded))
            .ToValueList();
        return new CapacityReport(hosts.All(h => h.Stranded.Count == 0), hosts);
    }

    /// <summary>
    /// Offline, from the spec and the GPU catalog alone (a pull request has no host): the layout the
    /// spec asks for, applied in full, with every VM whose power is not off assumed running.
    /// </summary>
    public static CapacityReport Of(ClusterSpec spec, GpuCatalog catalog) => Of(AssumedCluster.From(spec, spec, catalog));
}
