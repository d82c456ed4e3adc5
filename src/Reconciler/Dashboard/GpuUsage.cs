using Reconciler.Observed;
using Reconciler.Review;

namespace Reconciler.Dashboard;

/// <summary>A cluster's GPUs at a glance, as last observed: how many, partitions in use, DDA GPUs assigned.</summary>
internal sealed record GpuUsage(int Gpus, int Partitions, int PartitionsUsed, int Dda, int DdaUsed)
{
    public static GpuUsage? Of(ObservedCluster? observed)
    {
        if (observed is null)
        {
            return null;
        }

        var gpus = ClusterLayout.Of(observed).Hosts.SelectMany(h => h.Gpus).ToList();
        var partitioned = gpus.Where(g => g.Use == GpuUse.Partitioned).ToList();
        var dda = gpus.Where(g => g.Use == GpuUse.Dda).ToList();
        return new GpuUsage(
            gpus.Count,
            partitioned.Sum(g => g.Slots.Count),
            partitioned.Sum(g => g.Slots.Count(s => s is not null)),
            dda.Count,
            dda.Count(g => g.Slots.Any(s => s is not null)));
    }

    /// <summary>"18/40 partitions in use · 2/4 DDA assigned" (the parts that apply).</summary>
    public string Detail
    {
        get
        {
            var parts = new List<string>();
            if (Partitions > 0)
            {
                parts.Add($"{PartitionsUsed}/{Partitions} partitions in use");
            }

            if (Dda > 0)
            {
                parts.Add($"{DdaUsed}/{Dda} DDA assigned");
            }

            return parts.Count == 0 ? "none usable by VMs" : string.Join(" · ", parts);
        }
    }
}
