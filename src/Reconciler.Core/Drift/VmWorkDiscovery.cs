using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>
/// Works out, VM by VM, which GPU resources and settings must change and whether the VM must be
/// off for it. A VM whose resource is right, on a GPU that is not changing, gets no work at all.
/// </summary>
internal sealed partial class VmWorkDiscovery(
    ClusterSpec spec, ObservedCluster cluster, ResolvedTargets targets, IReadOnlyList<GpuWork> gpuWork, List<BlockedItem> blocked, IReadOnlySet<string> stoppedByReconciler)
{
    private readonly Dictionary<string, VmWork> _work = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Host, string Path), int> _load = new(HostPath.Comparer);
    private readonly HashSet<(string Host, string Path)> _changing = gpuWork.Select(g => (g.Target.Host, g.Target.Path)).ToHashSet(HostPath.Comparer);
    // Work made while planning the targets in name order is in name order already; the few made
    // before (holders) and after (pruning) are merged in, so no sort of the whole fleet is needed.
    private readonly List<VmWork> _inOrder = [];
    private readonly List<VmWork> _others = [];
    private readonly HashSet<string> _unloaded = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<(string Host, string Path), int> _pruned = new(HostPath.Comparer);
    private bool _planningTargets;

    /// <summary>Every VM's work, by name, ignoring case; in the order it was first needed.</summary>
    public Dictionary<string, VmWork> Work => _work;

    /// <summary>The same work sorted by VM name, ignoring case.</summary>
    public List<VmWork> SortedByName { get; private set; } = [];

    public VmWorkDiscovery Discover()
    {
        CountLoad();
        ReleaseHolders();
        UnloadReplacedAdapters();
        _planningTargets = true;
        foreach (var target in Sorted.ByName(targets.Vms, v => v.Name))
        {
            Plan(target);
        }

        _planningTargets = false;
        if (spec.Policy.Prune)
        {
            Prune();
        }

        foreach (var name in stoppedByReconciler)
        {
            if (cluster.Vm(name) is { State: VmPowerState.Off } stranded && !targets.DownHosts.Contains(stranded.Host))
            {
                For(stranded);
            }
        }

        foreach (var work in _work.Values)
        {
            DecidePower(work);
        }

        WaitForPartitions();

        SortedByName = Sorted.Merge(_inOrder, Sorted.ByName(_others, w => w.Name), w => w.Name);
        return this;
    }

    /// <summary>Partitions each GPU has promised now: pinned adapters, and running VMs' resolved ones.</summary>
    private void CountLoad()
    {
        foreach (var host in cluster.Hosts)
        {
            foreach (var vm in host.Vms)
            {
                if (vm.Partition is { GpuLocationPath: { } gpu } p && (p.Pinned || vm.State != VmPowerState.Off))
                {
                    _load[(vm.Host, gpu)] = _load.GetValueOrDefault((vm.Host, gpu)) + 1;
                }
            }
        }
    }

    /// <summary>Takes the VM's partition off its GPU's load, once: its adapter is removed (or leaves with the VM).</summary>
    private void Unload(ObservedVm vm)
    {
        if (vm.Partition is { GpuLocationPath: { } gpu } p && (p.Pinned || vm.State != VmPowerState.Off) && _unloaded.Add(vm.Name))
        {
            _load[(vm.Host, gpu)] = _load.GetValueOrDefault((vm.Host, gpu)) - 1;
        }
    }

    private VmWork For(ObservedVm vm)
    {
        if (_work.TryGetValue(vm.Name, out var work))
        {
            return work;
        }

        work = _work[vm.Name] = new VmWork(vm, targets.Vm(vm.Name), _work.Count);
        (_planningTargets ? _inOrder : _others).Add(work);
        return work;
    }

    /// <summary>Holders of a changing GPU let go of it: a pinned adapter or a DDA device is removed, a running partition is stopped.</summary>
    private void ReleaseHolders()
    {
        foreach (var gpu in gpuWork)
        {
            foreach (var holder in gpu.Holders)
            {
                var vm = cluster.Vm(holder)!;
                if (targets.Vm(holder) is null && !spec.Policy.Prune)
                {
                    // A VM the spec lists but the plan cannot manage (on another host than the spec says, say) has its own blocked item.
                    var listed = spec.Vms.Any(v => Same(v.Name, holder));
                    var away = targets.FailedOver.FirstOrDefault(f => Same(f.Vm, holder));
                    blocked.Add(new BlockedItem($"host/{gpu.Target.Host}/gpu/{gpu.Target.Path}", BlockReason.Conflict, away is not null
                        ? $"VM {holder} holds GPU {gpu.Target.Path} on host {gpu.Target.Host}, which must change, but it runs there away from its preferred owner {away.PreferredHost} and {away.Failback}; the GPU waits for it"
                        : listed
                        ? $"VM {holder} holds GPU {gpu.Target.Path} on host {gpu.Target.Host}, which must change, but the plan cannot manage {holder} (see vm/{holder}); the GPU waits for it"
                        : $"VM {holder} is not in the spec but holds GPU {gpu.Target.Path} on host {gpu.Target.Host}, which must change; add the VM to the spec or set policy.prune: true"));
                    gpu.Blocked = true;
                    continue;
                }

                var work = For(vm);
                work.Release(gpu.Target.Path);
                if (vm.Partition is { } held && Same(held.GpuLocationPath, gpu.Target.Path) && (held.Pinned || targets.Vm(holder) is not null))
                {
                    // Managed VMs come back pinned to a GPU the plan chooses, so restarts cannot race for partitions.
                    AddOnce(work, new Step(OperationKind.RemovePartitionAdapter, OperationArguments.None, gpu.Target.Path, $"unassign {holder}'s partition of GPU {gpu.Target.Path}"));
                    Unload(vm);
                }
                else if (vm.DdaDevices.FirstOrDefault(d => d.Pool is null && Same(d.LocationPath, gpu.Target.Path)) is { } device)
                {
                    AddOnce(work, new Step(OperationKind.RemoveDdaDevice, new OperationArguments { Device = device }, gpu.Target.Path, $"take GPU {gpu.Target.Path} from {holder}"));
                }
                else
                {
                    work.MustRelease = true; // a running partition or pool GPU is released by stopping the VM
                }
            }
        }
    }

    private void Plan(VmTarget target)
    {
        // No lambdas here that capture the VM: each would allocate a closure for every VM of the fleet.
        var vm = target.Observed;
        var work = For(vm);
        var moveTo = target.MoveTo;
        if (target.Drain && (moveTo = DrainTarget(target)) is null)
        {
            blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Capacity,
                $"VM {vm.Name} cannot leave drained host {vm.Host}: no capacity on any node (no other node that is up and not drained has {Wanted(target.Resource)} free)"));
        }

        if (moveTo is not null && target.Resource is DdaPathTarget path)
        {
            blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict,
                $"VM {vm.Name} has GPU {path.LocationPath} by DDA, a device of one node: the plan does not move it to {moveTo}; move it by hand or use a pool"));
            work.Blocked = true;
            return;
        }

        work.MoveTo = moveTo;
        work.IsFailback = target.MoveTo is not null;
        var host = work.Host; // where its GPU resource must be: the node it moves to, or where it is
        var adapter = HasStep(work.OffSteps, OperationKind.RemovePartitionAdapter) ? null : vm.Partition;
        var devices = DevicesNotRemoved(work, vm);

        void RemoveAdapter(string why)
        {
            if (adapter is not null)
            {
                work.OffSteps.Add(new Step(OperationKind.RemovePartitionAdapter, OperationArguments.None, adapter.GpuLocationPath, why));
                Unload(vm);
                adapter = null;
            }
        }

        // Removes the devices that are not on the GPU at keepPath (by DDA) or from keepPool; all of them when both are null.
        void RemoveDevices(string why, string? keepPath = null, string? keepPool = null)
        {
            foreach (var device in devices.ToList())
            {
                if (keepPath is not null ? device.Pool is null && Same(device.LocationPath, keepPath) : keepPool is not null && Same(device.Pool, keepPool))
                {
                    continue;
                }

                work.OffSteps.Add(new Step(OperationKind.RemoveDdaDevice, new OperationArguments { Device = device }, device.LocationPath, $"{why}: {device}"));
                devices.Remove(device);
            }
        }

        // The reasons are built only when there is something to remove.
        switch (target.Resource)
        {
            case NoResource:
                if (adapter is not null)
                {
                    RemoveAdapter($"{vm.Name} should hold no GPU: remove its partition");
                }

                if (devices.Count > 0)
                {
                    RemoveDevices($"{vm.Name} should hold no GPU");
                }

                break;
            case PartitionTarget partition:
                if (devices.Count > 0)
                {
                    RemoveDevices($"{vm.Name} should hold a partition, not DDA GPUs");
                }

                if (adapter is not null && !AdapterFits(host, adapter, partition))
                {
                    RemoveAdapter($"{vm.Name}'s partition does not match the spec: replace it");
                }
                else if (adapter is not null && moveTo is not null && !RoomFor(host, adapter))
                {
                    RemoveAdapter($"{vm.Name}'s partition is not on a GPU of {moveTo} with room: replace it there");
                }

                if (adapter is null)
                {
                    var pin = partition.PinnedGpu is { } pinned
                        ? (HasRoom(host, pinned) ? pinned : null)
                        : ChoosePin(host, partition, prefer: vm.Partition?.GpuLocationPath);
                    if (pin is null && partition.PinnedGpu is { } full)
                    {
                        blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Capacity,
                            $"GPU {full} on host {host} has no partition left for VM {vm.Name}, which the spec pins to it: {Holders(host, full)}; raise its partitionCount, free a partition or pin {vm.Name} elsewhere"));
                        work.Blocked = true;
                        break;
                    }

                    if (pin is null)
                    {
                        blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Capacity,
                            $"no partitioned GPU on host {host} has {(partition.Vram is { } v ? $"{v.ToDisplayString()} partitions" : "a partition")} left for VM {vm.Name}; raise partitionCount, add GPUs or move VMs"));
                        work.Blocked = true;
                        break;
                    }

                    _load[(host, pin)] = _load.GetValueOrDefault((host, pin)) + 1;
                    work.OffSteps.Add(new Step(OperationKind.AddPartitionAdapter, new OperationArguments { PinnedGpu = pin, Settings = partition.Settings }, pin,
                        $"give {vm.Name} a partition of GPU {pin}"));
                }

                break;
            case DdaPathTarget dda:
                if (adapter is not null)
                {
                    RemoveAdapter($"{vm.Name} should have GPU {dda.LocationPath} by DDA, not a partition");
                }

                if (devices.Count > 0)
                {
                    RemoveDevices($"{vm.Name} should have only GPU {dda.LocationPath}", keepPath: dda.LocationPath);
                }

                PrepareForDda(work, target);
                var owner = DdaOwner(vm, dda.LocationPath);
                if (owner is not null && targets.Vm(owner.Name) is null && !spec.Policy.Prune)
                {
                    blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict,
                        $"GPU {dda.LocationPath} on host {vm.Host} is passed through to VM {owner.Name}, which is not in the spec; add {owner.Name} to the spec or set policy.prune: true"));
                    work.Blocked = true;
                    break;
                }

                if (!HoldsByDda(devices, dda.LocationPath))
                {
                    work.OffSteps.Add(new Step(OperationKind.AddDdaDevice, new OperationArguments { Device = new DdaDevice(dda.LocationPath, null) }, dda.LocationPath,
                        $"pass GPU {dda.LocationPath} through to {vm.Name}"));
                }

                break;
            case DdaPoolTarget pool:
                if (adapter is not null)
                {
                    RemoveAdapter($"{vm.Name} should have GPUs from pool {pool.Pool}, not a partition");
                }

                if (devices.Count > 0)
                {
                    RemoveDevices($"{vm.Name} should have only GPUs from pool {pool.Pool}", keepPool: pool.Pool);
                }

                var claims = FromPool(devices, pool.Pool);
                foreach (var extra in claims.Skip(pool.Count))
                {
                    work.OffSteps.Add(new Step(OperationKind.RemoveDdaDevice, new OperationArguments { Device = extra }, null, $"{vm.Name} claims more GPUs from pool {pool.Pool} than the spec says"));
                }

                PrepareForDda(work, target);
                for (var i = claims.Count; i < pool.Count; i++)
                {
                    work.OffSteps.Add(new Step(OperationKind.AddDdaDevice, new OperationArguments { Device = new DdaDevice(null, pool.Pool) }, null,
                        $"give {vm.Name} a GPU from pool {pool.Pool}"));
                }

                break;
        }

        if (target.Spec.Mmio is { } mmio)
        {
            var low = mmio.Low ?? vm.Mmio.Low;
            var high = mmio.High ?? vm.Mmio.High;
            if (low != vm.Mmio.Low || high != vm.Mmio.High)
            {
                // Settings go before devices are added: insert ahead of the first addition.
                InsertBeforeAdds(work, new Step(OperationKind.SetMmio, new OperationArguments { MmioLow = low, MmioHigh = high }, null,
                    $"set {vm.Name}'s MMIO space to {low.ToDisplayString()} low, {high.ToDisplayString()} high"));
            }
        }

        var offline = target.Spec.OfflineAction ?? (spec.FailoverCluster && target.Resource is not NoResource ? OfflineAction.ForceShutdown : null);
        if (spec.FailoverCluster && offline is { } action && vm.OfflineAction != action)
        {
            // A VM that moves gets it on the node it moves to, after the move: an any-time step could race the move.
            (moveTo is null ? work.AnyTimeSteps : work.OffSteps).Add(new Step(OperationKind.SetOfflineAction, new OperationArguments { OfflineAction = action }, null,
                $"set {vm.Name}'s cluster offline action to {action} so it fails over"));
        }

        if (moveTo is not null && !work.Blocked)
        {
            AddMove(work, moveTo, adapter);
        }
    }

    /// <summary>With prune, VMs the spec does not list lose GPU resources on managed GPUs.</summary>
    private void Prune()
    {
        var managedHosts = spec.Hosts.Select(h => h.Name).Where(h => !targets.DownHosts.Contains(h)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in cluster.Vms.Where(v => targets.Vm(v.Name) is null && managedHosts.Contains(v.Host)))
        {
            var work = For(vm);
            if (vm.Partition is { } p && (p.GpuLocationPath is null || targets.Gpu(vm.Host, p.GpuLocationPath) is not null)
                && !work.OffSteps.Any(s => s.Kind == OperationKind.RemovePartitionAdapter))
            {
                work.OffSteps.Add(new Step(OperationKind.RemovePartitionAdapter, OperationArguments.None, p.GpuLocationPath, $"prune: {vm.Name} is not in the spec"));
            }

            foreach (var device in vm.DdaDevices.Where(d => d.Pool is not null || targets.Gpu(vm.Host, d.LocationPath) is not null))
            {
                AddOnce(work, new Step(OperationKind.RemoveDdaDevice, new OperationArguments { Device = device }, device.LocationPath, $"prune: {vm.Name} is not in the spec"));
            }
        }
    }

    /// <summary>Running VMs that need changes are stopped and started again; declared power is honoured; unmanaged power is restored.</summary>
    private void DecidePower(VmWork work)
    {
        var vm = work.Vm;
        var power = work.Target?.Spec.Power ?? PowerIntent.Unmanaged;
        if (work.NeedsOff && vm.State is not (VmPowerState.Running or VmPowerState.Off))
        {
            blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict,
                $"VM {vm.Name} is {vm.State} and must be off for its GPU change; the reconciler never discards a saved or paused state: resume or shut it down by hand"));
            work.Blocked = true;
            return;
        }

        var running = work.IsRunning;
        var wasRunning = running || stoppedByReconciler.Contains(vm.Name);
        work.Stop = running && (work.NeedsOff || power == PowerIntent.Off);
        var shouldRun = power == PowerIntent.Running || (power == PowerIntent.Unmanaged && wasRunning);
        work.Start = shouldRun && (work.Stop || vm.State == VmPowerState.Off);
    }

    private static void AddOnce(VmWork work, Step step)
    {
        if (!work.OffSteps.Any(s => s.Kind == step.Kind && s.Arguments == step.Arguments))
        {
            work.OffSteps.Add(step);
        }
    }

    private static bool Same(string? a, string? b) => ResolvedTargets.Same(a, b);
}
