using Reconciler.Diagnostics;
using Reconciler.Failover;

namespace Reconciler.Validation;

/// <summary>
/// N-1 capacity of a failover cluster, from the spec alone: if some node failed, would every GPU VM
/// it runs find its GPU resource on another node? A warning, not an error: the layout is valid,
/// it only does not survive a node loss (reconciler capacity shows every node).
/// </summary>
internal static class FailoverRules
{
    public static void Check(ValidationContext context)
    {
        var spec = context.Spec;
        if (!spec.FailoverCluster)
        {
            FailoverOnlySettings(context);
            return;
        }

        // On an invalid spec the layout the check assumes is not the one that will run.
        if (!spec.FailoverCluster || spec.Hosts.Count < 2 || context.Diagnostics.HasErrors)
        {
            return;
        }

        var report = Capacity.Of(spec, context.Catalog);
        foreach (var host in report.Hosts.Where(h => h.Stranded.Count > 0))
        {
            var reasons = host.Stranded.GroupBy(s => s.Reason).Select(g => $"{string.Join(", ", g.Select(s => s.Vm))} ({g.Key})");
            context.Report(Codes.NodeLossStrands, spec.Source["failoverCluster"],
                $"if {host.Host} fails, {host.Stranded.Count} GPU VM(s) stay off: {string.Join("; ", reasons)}; leave room on the other nodes (reconciler capacity -f shows every node)");
        }
    }

    /// <summary>
    /// policy.failback and hosts[].drain move VMs between the nodes of a failover cluster; standalone
    /// hosts have no cluster roles to move, so the settings would silently do nothing.
    /// </summary>
    private static void FailoverOnlySettings(ValidationContext context)
    {
        var spec = context.Spec;
        if (spec.Policy.Source.Has("failback"))
        {
            context.Report(Codes.FailoverOnlySetting, spec.Policy.Source["failback"],
                "policy.failback has no effect: the hosts are not a failover cluster (failoverCluster: true), so no VM fails over or moves back; remove it or set failoverCluster: true");
        }

        foreach (var host in spec.Hosts.Where(h => h.Drain))
        {
            context.Report(Codes.FailoverOnlySetting, host.Source["drain"],
                $"drain on host {host.Name} has no effect: the hosts are not a failover cluster (failoverCluster: true), so its VMs cannot move to another node; remove it or set failoverCluster: true");
        }
    }
}
