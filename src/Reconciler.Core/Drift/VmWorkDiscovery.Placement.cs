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

    /// <summary>
    /// Before any new partition is placed, adapters the plan will replace stop counting against
    /// their GPU: otherwise a VM planned early in name order would see a partition as taken that a
    /// VM later in the order gives up (the first naive capacity check blocked feasible plans so).
    /// </summary>
    private void UnloadReplacedAdapters()
    {
        foreach (var target in targets.Vms)
        {
            var vm = target.Observed;
            if (vm.Partition is not { } adapter || target.MoveTo is not null || target.Drain
                || (_work.TryGetValue(vm.Name, out var work) && HasStep(work.OffSteps, OperationKind.RemovePartitionAdapter)))
            {
                continue; // no adapter, already released, or a move (which counts its own load)
            }

            if (target.Resource is not PartitionTarget partition || !AdapterFits(vm.Host, adapter, partition))
            {
                Unload(vm);
            }
        }

        if (spec.Policy.Prune)
        {
            // Partitions pruning takes from VMs outside the spec (Prune, after the targets). They count
            // as free only for VMs the spec pins to that GPU, which have nowhere else to go: the
            // hand-over ties the two VMs in one group. Others still choose GPUs with room of their own.
            foreach (var vm in cluster.Vms)
            {
                if (targets.Vm(vm.Name) is null && !targets.DownHosts.Contains(vm.Host) && spec.Hosts.Any(h => Same(h.Name, vm.Host))
                    && vm.Partition is { GpuLocationPath: { } gpu } p && (p.Pinned || vm.State != VmPowerState.Off) && targets.Gpu(vm.Host, gpu) is not null)
                {
                    _pruned[(vm.Host, gpu)] = _pruned.GetValueOrDefault((vm.Host, gpu)) + 1;
                }
            }
        }
    }

    /// <summary>
    /// Whether a GPU the spec pins a VM to has a partition left. A GPU the spec does not manage
    /// (no target, so no known count) is not checked: the host decides at start.
    /// </summary>
    private bool HasRoom(string host, string gpu) =>
        targets.Gpu(host, gpu) is not { PartitionCount: { } count } || _load.GetValueOrDefault((host, gpu)) - _pruned.GetValueOrDefault((host, gpu)) < count;

    /// <summary>Who holds the GPU's partitions now, for the blocked item.</summary>
    private string Holders(string host, string gpu)
    {
        var holders = cluster.Host(host)?.Vms
            .Where(v => !_unloaded.Contains(v.Name) && v.Partition is { GpuLocationPath: { } g } p && Same(g, gpu) && (p.Pinned || v.State != VmPowerState.Off))
            .Select(v => targets.Vm(v.Name) is null ? $"{v.Name} (not in the spec)" : v.Name)
            .ToList() ?? [];
        var count = targets.Gpu(host, gpu)?.PartitionCount;
        return holders.Count == 0
            ? $"its {count} partition(s) are promised to other VMs of this plan"
            : $"its {count} partition(s) are held by {string.Join(", ", holders)}{(holders.Count < count ? " and VMs this plan places there" : "")}";
    }
}
