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

public sealed record HostLayout(string Name, ValueList<GpuLayout> Gpus, ValueList<VmLayout> Vms)
{
    public static HostLayout Of(ObservedCluster cluster, ObservedHost host)
    {
        var gpus = host.Gpus.Select((g, i) => GpuLayout.Of(cluster, host, g, i + 1)).ToValueList();
        var vms = host.Vms.Select(v => VmLayout.Of(v, gpus)).ToValueList();
        return new HostLayout(host.Name, gpus, vms);
    }

    public GpuLayout? Gpu(string path) => Gpus.FirstOrDefault(g => string.Equals(g.Path, path, StringComparison.OrdinalIgnoreCase));

    public VmLayout? Vm(string name) => Vms.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>How a GPU is used, as the review names it.</summary>
public enum GpuUse
{
    Partitioned,
    Dda,

    /// <summary>Paravirtualization or not assignable: the host cannot hand it to VMs.</summary>
    Unusable,
}

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

/// <summary>A VM, its power state and the GPU resource it holds, in words ("partition of GPU 2 (4 GiB)").</summary>
public sealed record VmLayout(string Name, VmPowerState State, string Resource, bool HoldsGpu)
{
    public static VmLayout Of(ObservedVm vm, IReadOnlyList<GpuLayout> gpus)
    {
        string Name(string? path) => gpus.FirstOrDefault(g => string.Equals(g.Path, path, StringComparison.OrdinalIgnoreCase))?.Label ?? path ?? "?";

        var parts = new List<string>();
        if (vm.Partition is { } p)
        {
            var gpu = gpus.FirstOrDefault(g => string.Equals(g.Path, p.GpuLocationPath, StringComparison.OrdinalIgnoreCase));
            parts.Add(p.GpuLocationPath is null
                ? "partition of any GPU (placed at start)"
                : $"partition of {Name(p.GpuLocationPath)}{(gpu?.PartitionSize is { } size ? $" ({size.ToDisplayString()})" : "")}");
        }

        foreach (var pool in vm.DdaDevices.Where(d => d.Pool is not null).GroupBy(d => d.Pool!, StringComparer.OrdinalIgnoreCase))
        {
            var placed = pool.Where(d => d.LocationPath is not null).Select(d => Name(d.LocationPath)).ToList();
            var count = pool.Count();
            parts.Add($"{count} GPU{(count == 1 ? "" : "s")} from pool {pool.Key}{(placed.Count > 0 ? $" ({string.Join(", ", placed)})" : "")}");
        }

        parts.AddRange(vm.DdaDevices.Where(d => d.Pool is null).Select(d => $"{Name(d.LocationPath)} by DDA"));
        return new VmLayout(vm.Name, vm.State, parts.Count == 0 ? "no GPU" : string.Join("; ", parts), vm.HoldsGpu);
    }
}
