using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Simulation;

/// <summary>
/// The platform's rules, applied to a <see cref="SimState"/>: each method checks what Hyper-V
/// checks, fails the way Hyper-V fails, and otherwise makes the change. Pure: no disk, no clock.
/// </summary>
public static class SimRules
{
    public static SimVm Vm(SimState state, string host, string vm) =>
        Host(state, host).Vm(vm) ?? throw Permanent("ObjectNotFound", $"Hyper-V was unable to find a virtual machine with name \"{vm}\" on host {host}.");

    public static SimHost Host(SimState state, string host)
    {
        var found = state.Host(host) ?? throw Permanent("HostNotFound", $"host {host} is not part of cluster {state.Name}.");
        return found.State == HostState.Down
            ? throw new ProviderException(ProviderErrorKind.Transient, $"host {host} is down: the WinRM connection could not be made (simulated node failure).", "HostDown")
            : found;
    }

    public static SimGpu Gpu(SimState state, string host, string path) =>
        Host(state, host).Gpu(path) ?? throw Permanent("ObjectNotFound", $"host {host} has no GPU at location path {path}.");

    public static void TurnOff(SimVm vm)
    {
        vm.State = VmPowerState.Off;
        vm.StartedAt = null;
    }

    /// <param name="now">When it starts, from which its guest boots; null: a VM running since before the world began.</param>
    public static void Start(SimState state, string host, string name, DateTimeOffset? now)
    {
        var vm = Vm(state, host, name);
        if (vm.State == VmPowerState.Running)
        {
            return;
        }

        var hostState = Host(state, host);
        if (vm.Adapter is { } adapter)
        {
            adapter.ResolvedGpu = ResolvePartition(state, hostState, vm, adapter)
                ?? throw Permanent("InsufficientResources",
                    $"'{vm.Name}' failed to start. GPU Partition (Instance ID {vm.Name}) failed to Power On with Error 'Insufficient system resources exist to complete the requested service.'");
        }

        if (vm.DdaDevices.Exists(d => d.Pool is not null))
        {
            PlaceOnPool(state, hostState, vm);
        }

        vm.State = VmPowerState.Running;
        vm.StartedAt = now;
    }

    public static void AddPartitionAdapter(SimState state, string host, string name, string? gpu, PartitionSettings settings)
    {
        var vm = RequireOff(state, host, name, "add a GPU partition adapter");
        if (vm.Adapter is not null)
        {
            throw Permanent("AdapterExists", $"VM {name} already has a GPU partition adapter; a VM can hold one partition.");
        }

        if (gpu is not null && Gpu(state, host, gpu).Status != GpuStatus.Partitioned)
        {
            throw Permanent("GpuNotPartitionable", $"GPU {gpu} on host {host} is not a partitionable GPU.");
        }

        if (!Host(state, host).Gpus.Exists(g => g.Status == GpuStatus.Partitioned))
        {
            throw Permanent("GpuPartitionPoolNotFound", $"host {host} has no partitionable GPU: the GPU partition resource pool was not found.");
        }

        vm.Adapter = new SimAdapter { PinnedGpu = gpu is null ? null : Gpu(state, host, gpu).LocationPath, Settings = settings };
    }

    public static void RemovePartitionAdapter(SimState state, string host, string name)
    {
        var vm = RequireOff(state, host, name, "remove a GPU partition adapter");
        if (vm.Adapter is null)
        {
            throw Permanent("ObjectNotFound", "Unable to find a Gpu partition adapter matching the given criteria.");
        }

        vm.Adapter = null;
    }

    public static void SetPartitionCount(SimState state, string host, string path, int count)
    {
        var gpu = Gpu(state, host, path);
        if (gpu.Status != GpuStatus.Partitioned)
        {
            throw Permanent("GpuNotPartitionable", $"GPU {path} on host {host} is {gpu.Status}, not a partitionable GPU.");
        }

        if (!gpu.ValidPartitionCounts.Contains(count))
        {
            throw Permanent("InvalidParameter", $"partition count {count} is not valid for GPU {path} (valid: {string.Join(", ", gpu.ValidPartitionCounts)}).");
        }

        var holders = PartitionHolders(state, host, gpu).ToList();
        if (holders.Count > 0 && count != gpu.PartitionCount)
        {
            throw Permanent("InvalidState",
                $"cannot change the partition count of GPU {path} on host {host}: partitions are assigned to {string.Join(", ", holders.Select(v => v.Name))}.");
        }

        gpu.PartitionCount = count;
    }

    public static void Dismount(SimState state, string host, string path)
    {
        var gpu = Gpu(state, host, path);
        switch (gpu.Status)
        {
            case GpuStatus.Dismounted:
                return;
            case GpuStatus.Partitioned when PartitionHolders(state, host, gpu).Any():
                throw Permanent("InvalidState", $"cannot dismount GPU {path} on host {host}: its partitions are assigned to VMs.");
            case GpuStatus.NotAssignable:
                throw Permanent("NotSupported", $"GPU {path} on host {host} is not assignable and cannot be dismounted.");
        }

        gpu.Status = GpuStatus.Dismounted;
    }

    public static void Mount(SimState state, string host, string path)
    {
        var gpu = Gpu(state, host, path);
        if (gpu.Status != GpuStatus.Dismounted)
        {
            return;
        }

        if (DdaHolder(state, host, gpu) is { } holder)
        {
            throw Permanent("InvalidState", $"cannot mount GPU {path} on host {host}: it is assigned to VM {holder.Name}.");
        }

        if (state.Pools.Exists(p => p.Members.Exists(m => Same(m.Host, host) && Same(m.LocationPath, path))))
        {
            throw Permanent("InvalidState", $"cannot mount GPU {path} on host {host}: it is in a GPU pool; remove it from the pool first.");
        }

        gpu.Status = gpu.ValidPartitionCounts.Count > 0 ? GpuStatus.Partitioned : GpuStatus.NotAssignable;
    }

    public static void AddDdaDevice(SimState state, string host, string name, DdaDevice device)
    {
        var vm = RequireOff(state, host, name, "add an assignable device");
        if (device.LocationPath is { } path)
        {
            var gpu = Gpu(state, host, path);
            if (gpu.Status != GpuStatus.Dismounted)
            {
                throw Permanent("InvalidState", $"GPU {path} on host {host} is not dismounted from the host; dismount it before assigning it to a VM.");
            }

            if (DdaHolder(state, host, gpu) is { } holder && holder != vm)
            {
                throw Permanent("InvalidState", $"GPU {path} on host {host} is already assigned to VM {holder.Name}.");
            }

            if (vm.DdaDevices.Exists(d => Same(d.LocationPath, path)))
            {
                return;
            }
        }
        else if (device.Pool is { } pool && !state.Pools.Exists(p => Same(p.Name, pool)))
        {
            throw Permanent("ObjectNotFound", $"GPU pool {pool} does not exist.");
        }

        vm.DdaDevices.Add(new SimDdaDevice { LocationPath = device.LocationPath, Pool = device.Pool });
    }

    public static void RemoveDdaDevice(SimState state, string host, string name, DdaDevice device)
    {
        var vm = RequireOff(state, host, name, "remove an assignable device");
        var existing = vm.DdaDevices.Find(d => device.Pool is not null ? Same(d.Pool, device.Pool) : Same(d.LocationPath, device.LocationPath))
            ?? throw Permanent("ObjectNotFound", $"VM {name} has no assignable device {device}.");
        vm.DdaDevices.Remove(existing);
    }

    public static void SetMmio(SimState state, string host, string name, ByteSize low, ByteSize high)
    {
        var vm = RequireOff(state, host, name, "change MMIO space");
        vm.MmioLowBytes = low.Bytes;
        vm.MmioHighBytes = high.Bytes;
    }

    public static void SetStopAction(SimState state, string host, string name, AutomaticStopAction action) =>
        Vm(state, host, name).StopAction = action;

    public static void SetOfflineAction(SimState state, string name, OfflineAction action)
    {
        if (!state.FailoverCluster)
        {
            throw Permanent("NotClustered", $"cluster {state.Name} is not a failover cluster, so VM {name} has no cluster resource.");
        }

        var vm = state.Vms.FirstOrDefault(v => Same(v.Name, name))
            ?? throw Permanent("ObjectNotFound", $"the cluster resource 'Virtual Machine {name}' was not found.");
        vm.OfflineAction = action;
    }

    public static void CreatePool(SimState state, string host, string name)
    {
        Host(state, host);
        var pool = state.Pools.Find(p => Same(p.Name, name));
        if (pool is null)
        {
            state.Pools.Add(pool = new SimPool { Name = name });
        }

        if (!pool.Hosts.Exists(h => Same(h, host)))
        {
            pool.Hosts.Add(host);
        }
    }

    public static void AddGpuToPool(SimState state, string host, string name, string path)
    {
        var gpu = Gpu(state, host, path);
        var pool = state.Pools.Find(p => Same(p.Name, name) && p.Hosts.Exists(h => Same(h, host)))
            ?? throw Permanent("ObjectNotFound", $"GPU pool {name} does not exist on host {host}; create it first.");
        if (gpu.Status != GpuStatus.Dismounted)
        {
            throw Permanent("InvalidState", $"GPU {path} on host {host} must be dismounted before it joins pool {name}.");
        }

        if (state.Pools.Find(p => p.Members.Exists(m => Same(m.Host, host) && Same(m.LocationPath, path))) is { } other && other != pool)
        {
            throw Permanent("InvalidState", $"GPU {path} on host {host} is already in pool {other.Name}.");
        }

        if (!pool.Members.Exists(m => Same(m.Host, host) && Same(m.LocationPath, path)))
        {
            pool.Members.Add(new PoolMember(host, gpu.LocationPath));
        }
    }

    public static void RemoveGpuFromPool(SimState state, string host, string name, string path)
    {
        var pool = state.Pools.Find(p => Same(p.Name, name))
            ?? throw Permanent("ObjectNotFound", $"GPU pool {name} does not exist.");
        var member = pool.Members.Find(m => Same(m.Host, host) && Same(m.LocationPath, path))
            ?? throw Permanent("ObjectNotFound", $"GPU {path} on host {host} is not in pool {name}.");
        if (state.Vms.Any(v => v.IsActive && v.DdaDevices.Exists(d => Same(d.ResolvedPath, path) && Same(d.Pool, name))))
        {
            throw Permanent("InvalidState", $"GPU {path} on host {host} is in use by a running VM of pool {name}.");
        }

        pool.Members.Remove(member);
    }

    /// <summary>VMs holding a partition of the GPU: pinned to it, or running on a partition of it.</summary>
    public static IEnumerable<SimVm> PartitionHolders(SimState state, string host, SimGpu gpu) =>
        Host(state, host).Vms.Where(v => v.Adapter is { } a
            && (Same(a.PinnedGpu, gpu.LocationPath) || (v.IsActive && Same(a.ResolvedGpu, gpu.LocationPath))));

    private static SimVm? DdaHolder(SimState state, string host, SimGpu gpu) =>
        Host(state, host).Vms.FirstOrDefault(v => v.DdaDevices.Exists(d =>
            Same(d.LocationPath, gpu.LocationPath) || (v.IsActive && Same(d.ResolvedPath, gpu.LocationPath))));

    /// <summary>The GPU a partition lands on at start: the pinned one, or the first with a free partition big enough.</summary>
    private static string? ResolvePartition(SimState state, SimHost host, SimVm vm, SimAdapter adapter)
    {
        var candidates = adapter.PinnedGpu is { } pinned
            ? host.Gpus.Where(g => Same(g.LocationPath, pinned))
            : host.Gpus.OrderBy(g => g.LocationPath, StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in candidates.Where(g => g.Status == GpuStatus.Partitioned))
        {
            var used = host.Vms.Count(v => v != vm && v.IsActive && Same(v.Adapter?.ResolvedGpu, gpu.LocationPath));
            var fits = adapter.Settings.MinVram is not { } min || min <= gpu.VramBytes / (ulong)gpu.PartitionCount;
            if (used < gpu.PartitionCount && fits)
            {
                return gpu.LocationPath;
            }
        }

        return null;
    }

    /// <summary>
    /// Pool claims resolve at start: the cluster gives the VM free pool GPUs on its node, or, in a
    /// failover cluster, moves the VM to a node that has them (Windows Server 2025 GPU pools).
    /// </summary>
    private static void PlaceOnPool(SimState state, SimHost current, SimVm vm)
    {
        var nodes = state.FailoverCluster ? state.Hosts.OrderBy(h => h != current).ToList() : [current];
        foreach (var node in nodes)
        {
            var free = new Queue<string>();
            var claims = vm.DdaDevices.Where(d => d.Pool is not null).ToList();
            var ok = true;
            foreach (var claim in claims)
            {
                var path = state.Pools.Find(p => Same(p.Name, claim.Pool))?.Members
                    .Where(m => Same(m.Host, node.Name))
                    .Select(m => m.LocationPath)
                    .FirstOrDefault(path => !free.Contains(path, StringComparer.OrdinalIgnoreCase)
                        && !node.Vms.Any(v => v != vm && v.IsActive && v.DdaDevices.Exists(d => Same(d.Gpu, path))));
                if (path is null)
                {
                    ok = false;
                    break;
                }

                free.Enqueue(path);
            }

            if (!ok)
            {
                continue;
            }

            foreach (var claim in claims)
            {
                claim.ResolvedPath = free.Dequeue();
            }

            if (node != current)
            {
                current.Vms.Remove(vm);
                node.Vms.Add(vm);
            }

            return;
        }

        throw Permanent("InsufficientResources",
            $"'{vm.Name}' failed to start: no node has enough free GPUs in pool {string.Join(", ", vm.DdaDevices.Where(d => d.Pool is not null).Select(d => d.Pool).Distinct())}. Insufficient system resources exist to complete the requested service.");
    }

    private static SimVm RequireOff(SimState state, string host, string name, string what)
    {
        var vm = Vm(state, host, name);
        if (vm.State != VmPowerState.Off)
        {
            throw Permanent("InvalidState", $"cannot {what} while VM {name} is {vm.State}; turn it off first.");
        }

        return vm;
    }

    internal static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static ProviderException Permanent(string code, string message) => new(ProviderErrorKind.Permanent, message, code);
}
