namespace Reconciler.Review;

/// <summary>What differs between a GPU or VM before and after; shared by the Markdown and the SVG so both highlight the same things.</summary>
public static class LayoutChanges
{
    /// <summary>The change to a GPU's shape in words ("repartitioned 4 → 2", "partitioned → DDA"), or "" when it keeps its shape.</summary>
    public static string Gpu(GpuLayout? before, GpuLayout after)
    {
        if (before is null)
        {
            return "new";
        }

        var changes = new List<string>();
        if (before.Use != after.Use)
        {
            changes.Add($"{Name(before.Use)} → {Name(after.Use)}");
        }
        else if (after.Use == GpuUse.Partitioned && before.PartitionCount != after.PartitionCount)
        {
            changes.Add($"repartitioned {before.PartitionCount} → {after.PartitionCount}");
        }

        if (!string.Equals(before.Pool, after.Pool, StringComparison.OrdinalIgnoreCase))
        {
            changes.Add(after.Pool is null ? $"leaves pool {before.Pool}" : before.Pool is null ? $"joins pool {after.Pool}" : $"pool {before.Pool} → {after.Pool}");
        }

        return string.Join(", ", changes);
    }

    /// <summary>Whether the VM in a slot of <paramref name="gpu"/> is missing from the same GPU in <paramref name="other"/>: it arrives or leaves.</summary>
    public static bool SlotChanged(string? vm, GpuLayout gpu, GpuLayout? other) =>
        vm is not null && (other is null || other.Use != gpu.Use || !other.Slots.Any(s => string.Equals(s, vm, StringComparison.OrdinalIgnoreCase)));

    private static string Name(GpuUse use) => use switch
    {
        GpuUse.Partitioned => "partitioned",
        GpuUse.Dda => "DDA",
        _ => "unusable",
    };
}
