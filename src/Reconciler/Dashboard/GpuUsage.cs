using System.Runtime.CompilerServices;
using Reconciler.Observed;

namespace Reconciler.Dashboard;

/// <summary>A cluster's GPUs at a glance, as last observed: how many, partitions in use, DDA GPUs assigned (counted as the review's layout counts them).</summary>
internal sealed record GpuUsage(int Gpus, int Partitions, int PartitionsUsed, int Dda, int DdaUsed)
{
    // One per observation (observations are immutable and replaced each tick): the fleet page
    // counts each cluster's GPUs once, not on every refresh of every viewer.
    private static readonly ConditionalWeakTable<ObservedCluster, GpuUsage> Counted = [];

    public static GpuUsage? Of(ObservedCluster? observed) =>
        observed is null ? null : Counted.GetValue(observed, Count);

    private static GpuUsage Count(ObservedCluster observed)
    {
        int gpus = 0, partitions = 0, used = 0, dda = 0, ddaUsed = 0;
        foreach (var host in observed.Hosts)
        {
            foreach (var gpu in host.Gpus)
            {
                gpus++;
                if (gpu.Status == GpuStatus.Partitioned)
                {
                    var holders = host.Vms.Count(v => Same(v.Partition?.GpuLocationPath, gpu.LocationPath));
                    partitions += Math.Max(gpu.PartitionCount, holders);
                    used += holders;
                }
                else if (gpu.Status == GpuStatus.Dismounted)
                {
                    dda++;
                    ddaUsed += host.Vms.Any(v => v.DdaDevices.Any(d => Same(d.LocationPath, gpu.LocationPath))) ? 1 : 0;
                }
            }
        }

        return new GpuUsage(gpus, partitions, used, dda, ddaUsed);
    }

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

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
