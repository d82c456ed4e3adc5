using Reconciler.Observed;

namespace Reconciler.Review;

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
