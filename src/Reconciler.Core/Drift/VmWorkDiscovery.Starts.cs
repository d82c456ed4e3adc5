using Reconciler.Observed;

namespace Reconciler.Drift;

/// <summary>
/// Partitions at start: Hyper-V resolves a VM's partition when it starts and fails the start with
/// "Insufficient system resources" when none is free (hyperv-gpu.md §troubleshooting). A VM the
/// plan starts waits for a VM of this plan that frees one; with none, it is a blocked item.
/// </summary>
internal sealed partial class VmWorkDiscovery
{
    /// <summary>
    /// Hands the free partitions of each host to the VMs the plan starts from off, in a fixed
    /// order: new adapters (pinned where ChoosePin found room), then kept adapters pinned to a GPU,
    /// then unpinned ones (Hyper-V picks any free partition). A VM finding none free now waits for
    /// one a running VM gives up (its adapter removed, or stopped for good, or moved away); CsCheck
    /// seed f9dIf9bjJxt1 started a VM pinned to a GPU whose only partition another VM gave up later.
    /// </summary>
    private void WaitForPartitions()
    {
        var starters = _work.Values.Where(w => w.Start && !w.Blocked && w.MoveTo is null && w.Vm.State == VmPowerState.Off).ToList();
        foreach (var host in starters.Select(w => w.Vm.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToList())
        {
            var onHost = Sorted.ByName(starters.Where(w => Same(w.Vm.Host, host)).ToList(), w => w.Name);
            var ledger = Ledger(host);
            foreach (var (work, pin) in onHost.Select(w => (w, NewPin(w))).Where(p => p.Item2 is not null))
            {
                Take(work, ledger, [pin!], block: false);
            }

            foreach (var work in onHost.Where(w => NewPin(w) is null && KeptAdapter(w) is { Pinned: true }))
            {
                Take(work, ledger, [KeptAdapter(work)!.GpuLocationPath!], block: true);
            }

            foreach (var work in onHost.Where(w => NewPin(w) is null && KeptAdapter(w) is { Pinned: false }))
            {
                Take(work, ledger, [.. PartitionedGpus(host).Select(g => g.Path)], block: true);
            }
        }
    }

    private static string? NewPin(VmWork work) =>
        work.OffSteps.LastOrDefault(s => s.Kind == OperationKind.AddPartitionAdapter)?.Arguments.PinnedGpu;

    private static PartitionAdapter? KeptAdapter(VmWork work) =>
        HasStep(work.OffSteps, OperationKind.RemovePartitionAdapter) ? null : work.Vm.Partition;

    /// <summary>Per partitioned GPU of the host: partitions free now, and the running VMs on it that this plan makes give theirs up.</summary>
    private Dictionary<string, (int Free, Queue<string> Freers)> Ledger(string host)
    {
        var ledger = new Dictionary<string, (int Free, Queue<string> Freers)>(StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in PartitionedGpus(host))
        {
            var running = cluster.Host(host)?.Vms
                .Where(v => v.State != VmPowerState.Off && v.Partition is { GpuLocationPath: { } g } && Same(g, gpu.Path))
                .OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase)
                .ToList() ?? [];
            var freers = running.Where(v => _work.TryGetValue(v.Name, out var w) && !w.Blocked
                && (w.MoveTo is not null || (w.Stop && (!w.Start || HasStep(w.OffSteps, OperationKind.RemovePartitionAdapter))))).Select(v => v.Name);
            ledger[gpu.Path] = ((gpu.PartitionCount ?? 0) - running.Count, new Queue<string>(freers));
        }

        return ledger;
    }

    /// <summary>The starter takes a free partition of one of <paramref name="gpus"/>, or waits for a freer; with neither it is blocked when <paramref name="block"/>.</summary>
    private void Take(VmWork work, Dictionary<string, (int Free, Queue<string> Freers)> ledger, List<string> gpus, bool block)
    {
        foreach (var gpu in gpus)
        {
            if (ledger.TryGetValue(gpu, out var entry) && entry.Free > 0)
            {
                ledger[gpu] = (entry.Free - 1, entry.Freers);
                return;
            }
        }

        foreach (var gpu in gpus)
        {
            if (ledger.TryGetValue(gpu, out var entry) && entry.Freers.TryDequeue(out var freer))
            {
                (work.WaitsFor ??= []).Add(freer);
                return;
            }
        }

        if (block)
        {
            var where = gpus.Count == 1 ? $"GPU {gpus[0]} on host {work.Vm.Host}, which its partition is pinned to," : $"no partitioned GPU of host {work.Vm.Host}";
            blocked.Add(new BlockedItem($"vm/{work.Name}", BlockReason.Capacity,
                $"VM {work.Name} cannot start: {where} has {(gpus.Count == 1 ? "no" : "a")} partition free and this plan frees none; stop a VM there, raise partitionCount or pin {work.Name} elsewhere"));
            work.Blocked = true;
        }
    }
}
