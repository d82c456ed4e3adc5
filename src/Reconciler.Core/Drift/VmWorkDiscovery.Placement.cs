using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>Where partitions go: whether a VM's adapter still fits, and which GPU a new one is pinned to.</summary>
internal sealed partial class VmWorkDiscovery
{
    /// <summary>
    /// An adapter fits when its settings match and its GPU will be partitioned with the right size.
    /// Unpinned adapters land on any GPU at start, so they fit only if every partitioned GPU of the host does.
    /// </summary>
    private bool AdapterFits(string host, PartitionAdapter adapter, PartitionTarget target)
    {
        if (adapter.Settings != target.Settings)
        {
            return false;
        }

        if (target.PinnedGpu is not null)
        {
            return adapter.Pinned && Same(adapter.GpuLocationPath, target.PinnedGpu);
        }

        if (adapter.Pinned)
        {
            return targets.Gpu(host, adapter.GpuLocationPath) is { Mode: GpuMode.Partitioned } gpu && Fits(target.Vram, gpu);
        }

        return AllFit(PartitionedGpus(host).ToList(), target.Vram);
    }

    // Apart from AdapterFits: a lambda there would allocate a closure on every call.
    private static bool AllFit(List<GpuTarget> partitioned, ByteSize? vram) => partitioned.Count > 0 && partitioned.TrueForAll(g => Fits(vram, g));

    /// <summary>
    /// Where a new partition goes, pinned so placement is deterministic and restarts never race for
    /// a partition: among fitting GPUs with room, the VM's current GPU, then a GPU the plan does not
    /// change (so unrelated changes are not tied together), then the one with most room, then by path.
    /// </summary>
    private string? ChoosePin(string host, PartitionTarget target, string? prefer) =>
        PartitionedGpus(host)
            .Where(g => Fits(target.Vram, g) && _load.GetValueOrDefault((host, g.Path)) < (g.PartitionCount ?? 0))
            .OrderBy(g => Same(g.Path, prefer) ? 0 : 1)
            .ThenBy(g => _changing.Contains((host, g.Path)) ? 1 : 0)
            .ThenByDescending(g => (g.PartitionCount ?? 0) - _load.GetValueOrDefault((host, g.Path)))
            .ThenBy(g => g.Path, StringComparer.OrdinalIgnoreCase)
            .FirstOrDefault()?.Path;

    private IEnumerable<GpuTarget> PartitionedGpus(string host) =>
        targets.GpusOn(host).Where(g => g.Mode == GpuMode.Partitioned);

    private static bool Fits(ByteSize? vram, GpuTarget gpu) =>
        vram is not { } wanted || (gpu.PartitionVram is { } size && VramFit.Matches(wanted, size));
}
