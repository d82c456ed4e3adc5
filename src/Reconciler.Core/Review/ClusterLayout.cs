using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Review;

/// <summary>
/// A cluster's GPU layout as a reviewer reads it: per host, each GPU with what sits on it, and
/// each VM with the GPU resource it holds. Built from an observed (or assumed) cluster; the
/// Markdown and SVG writers draw before and after from two of these.
/// </summary>
public sealed record ClusterLayout(string Cluster, ValueList<HostLayout> Hosts)
{
    public static ClusterLayout Of(ObservedCluster cluster)
    {
        var hosts = cluster.Hosts.Select(h => HostLayout.Of(cluster, h)).ToValueList();
        return new ClusterLayout(cluster.Name, hosts);
    }

    /// <summary>This layout without the given GPUs: hardware the base does not know is not "before".</summary>
    public ClusterLayout Without(IEnumerable<(string Host, string Path)> gpus)
    {
        var drop = gpus.ToList();
        return this with
        {
            Hosts = Hosts.Select(h => h with
            {
                Gpus = h.Gpus.Where(g => !drop.Exists(d => string.Equals(d.Host, h.Name, StringComparison.OrdinalIgnoreCase) && string.Equals(d.Path, g.Path, StringComparison.OrdinalIgnoreCase))).ToValueList(),
            }).ToValueList(),
        };
    }

    public HostLayout? Host(string name) => Hosts.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));
}
