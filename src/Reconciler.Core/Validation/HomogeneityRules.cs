using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>
/// Failover clusters must be homogeneous: one GPU model and one partition count on every node
/// (Windows Admin Center enforces this, PowerShell does not, we do). DDA pools hold one model.
/// </summary>
internal static class HomogeneityRules
{
    public static void Check(ValidationContext context)
    {
        CheckPoolModels(context);
        if (!context.Spec.FailoverCluster)
        {
            return;
        }

        var partitioned = context.Spec.Hosts
            .SelectMany(h => h.Gpus.Where(g => g.Mode == GpuMode.Partitioned).Select(g => (Host: h, Selector: g)))
            .ToList();

        Deviations(partitioned.Where(p => p.Selector.Model is not null).ToList(), p => context.ModelOf(p.Selector)?.Name ?? p.Selector.Model!,
            (p, majority) => context.Report(Codes.MixedModels, p.Selector.Source["model"],
                $"host {p.Host.Name} has {p.Selector.Model} GPUs while the failover cluster's other partitioned GPUs are {majority}; GPU-P needs the same model on every node"));

        Deviations(partitioned.Where(p => p.Selector.PartitionCount is not null).ToList(), p => p.Selector.PartitionCount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
            (p, majority) => context.Report(Codes.MixedPartitionCounts, p.Selector.Source["partitionCount"],
                $"partitionCount {p.Selector.PartitionCount} on host {p.Host.Name} differs from the cluster's {majority}; a failover cluster needs the same partition count on every GPU so VMs can restart on any node"));

        if (partitioned.Count > 0 && context.Spec.Hosts.Count > 1)
        {
            foreach (var host in context.Spec.Hosts.Where(h => !h.Gpus.Any(g => g.Mode == GpuMode.Partitioned)))
            {
                context.Report(Codes.HostWithoutPartitions, host.Source.Location,
                    $"host {host.Name} declares no partitioned GPUs while other nodes do; GPU-P VMs that fail over to it cannot start");
            }
        }
    }

    private static void CheckPoolModels(ValidationContext context)
    {
        var pooled = context.Spec.Hosts
            .SelectMany(h => h.Gpus.Where(g => g.Pool is not null && g.Model is not null).Select(g => (Host: h, Selector: g)))
            .GroupBy(p => p.Selector.Pool!, StringComparer.OrdinalIgnoreCase);
        foreach (var pool in pooled)
        {
            Deviations(pool.ToList(), p => context.ModelOf(p.Selector)?.Name ?? p.Selector.Model!,
                (p, majority) => context.Report(Codes.MixedPoolModels, p.Selector.Source["model"],
                    $"pool {pool.Key} holds {majority} GPUs, but host {p.Host.Name} adds {p.Selector.Model}; a GPU pool needs the same model on every node"));
        }
    }

    /// <summary>Reports every item whose key differs from the most common key (the first seen on a tie).</summary>
    private static void Deviations<T>(IReadOnlyList<T> items, Func<T, string> key, Action<T, string> report)
    {
        var groups = items.GroupBy(key, StringComparer.OrdinalIgnoreCase).ToList();
        if (groups.Count < 2)
        {
            return;
        }

        var majority = groups.OrderByDescending(g => g.Count()).ThenBy(g => groups.IndexOf(g)).First();
        foreach (var item in items.Where(i => !string.Equals(key(i), majority.Key, StringComparison.OrdinalIgnoreCase)))
        {
            report(item, majority.Key);
        }
    }
}
