using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Review;

/// <summary>
/// One GPU: <see cref="Number"/> is its place on the host (1-based), <see cref="Slots"/> the VM in
/// each partition (null = free) or, for DDA, the one VM it is passed through to.
/// </summary>
public sealed record GpuLayout(int Number, string Path, string Model, GpuUse Use, int PartitionCount, ByteSize? PartitionSize, string? Pool, ValueList<string?> Slots)
{
    public string Label => $"GPU {Number}";

    /// <summary>"partitioned, 4 × 4 GiB", "DDA, pool inference": mode, partition count and size in one cell.</summary>
    public string Shape => Use switch
    {
        GpuUse.Partitioned => $"partitioned, {PartitionCount} × {PartitionSize?.ToDisplayString() ?? "?"}",
        GpuUse.Dda => Pool is null ? "DDA" : $"DDA, pool {Pool}",
        _ => "not usable for VMs",
    };

    public static GpuLayout Of(ObservedCluster cluster, ObservedHost host, ObservedGpu gpu, int number)
    {
        var use = gpu.Status switch
        {
            GpuStatus.Partitioned => GpuUse.Partitioned,
            GpuStatus.Dismounted => GpuUse.Dda,
            _ => GpuUse.Unusable,
        };
        var pool = cluster.Pools.FirstOrDefault(p => p.Members.Any(m => Same(m.Host, host.Name) && Same(m.LocationPath, gpu.LocationPath)))?.Name;
        string?[] slots;
        if (use == GpuUse.Partitioned)
        {
            // Holders in name order fill the partitions; the rest are free.
            var holders = host.Vms.Where(v => Same(v.Partition?.GpuLocationPath, gpu.LocationPath)).Select(v => v.Name).Order(StringComparer.OrdinalIgnoreCase).ToList();
            slots = new string?[Math.Max(gpu.PartitionCount, holders.Count)];
            for (var i = 0; i < holders.Count; i++)
            {
                slots[i] = holders[i];
            }
        }
        else
        {
            slots = [host.Vms.FirstOrDefault(v => v.DdaDevices.Any(d => Same(d.LocationPath, gpu.LocationPath)))?.Name];
        }

        return new GpuLayout(number, gpu.LocationPath, gpu.Model, use, gpu.PartitionCount,
            use == GpuUse.Partitioned ? gpu.PartitionVram : null, pool, slots.ToValueList());
    }

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
