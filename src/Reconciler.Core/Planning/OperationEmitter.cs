using System.Globalization;
using Reconciler.Drift;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>
/// Turns change groups into operations with ids and dependencies: per group, stop the running
/// VMs, remove what holds the changing GPUs, change the GPUs, configure and reassign, start again.
/// Waves follow one another, so no more than the budget of VMs is ever down at once.
/// </summary>
internal sealed class OperationEmitter(ClusterPolicy policy)
{
    private readonly List<Operation> _operations = [];
    private readonly Dictionary<string, List<Operation>> _byHost = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Operation> _poolAdds = [];
    private readonly Dictionary<string, string> _createPool = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<Operation> Operations => _operations;

    public void CreatePool(string host, string pool)
    {
        var id = Add(OperationKind.CreatePool, host, null, null, new OperationArguments { Pool = pool }, [], false, 0, $"create GPU pool {pool} on {host}");
        _createPool[$"{host}/{pool}"] = id;
    }

    public void EmitGroup(ChangeGroup group, IReadOnlyList<string> previousWaveTail)
    {
        var wave = group.Wave;
        var last = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var released = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase); // VM -> the operation after which its partition is free
        foreach (var vm in group.Vms.Where(v => v.Stop))
        {
            released[vm.Name] = last[vm.Name] = Add(OperationKind.StopVm, vm.Vm.Host, vm.Name, null,
                new OperationArguments { ShutdownTimeout = policy.Shutdown.Timeout, OnTimeout = policy.Shutdown.OnTimeout },
                previousWaveTail, disruptive: true, wave, $"shut down {vm.Name}");
        }

        // Removals first: they free the GPUs the group changes.
        foreach (var vm in group.Vms)
        {
            foreach (var step in vm.OffSteps.Where(IsRemoval))
            {
                last[vm.Name] = AddStep(vm, step, Deps(last.GetValueOrDefault(vm.Name)), wave);
                if (step.Kind == OperationKind.RemovePartitionAdapter)
                {
                    released[vm.Name] = last[vm.Name];
                }
            }
        }

        var gpuDone = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in group.Gpus)
        {
            var before = gpu.Holders.Select(h => last.GetValueOrDefault(h)).OfType<string>().ToList();
            string? previous = null;
            foreach (var step in gpu.Steps)
            {
                var deps = previous is null ? before : [previous];
                if (step.Kind == OperationKind.AddGpuToPool && _createPool.TryGetValue($"{gpu.Target.Host}/{step.Arguments.Pool}", out var created))
                {
                    deps = [.. deps, created];
                }

                previous = Add(step.Kind, gpu.Target.Host, null, gpu.Target.Path, step.Arguments, deps, false, wave, step.Why);
            }

            gpuDone[gpu.Target.Path] = previous!;
        }

        foreach (var vm in group.Vms)
        {
            foreach (var step in vm.OffSteps.Where(s => !IsRemoval(s)))
            {
                var deps = Deps(last.GetValueOrDefault(vm.Name));
                if (step.Gpu is not null && gpuDone.TryGetValue(step.Gpu, out var gpuStep))
                {
                    deps = [.. deps, gpuStep];
                }

                if (step.Kind == OperationKind.AddDdaDevice && step.Arguments.Device?.LocationPath is { } path)
                {
                    deps = [.. deps, .. OnHost(vm.Host).Where(o => o.Kind == OperationKind.RemoveDdaDevice
                        && string.Equals(o.Arguments.Device?.LocationPath, path, StringComparison.OrdinalIgnoreCase)).Select(o => o.Id)];
                }

                if (step.Arguments.Device is { Pool: { } pool })
                {
                    deps = [.. deps, .. _createPool.Where(p => p.Key.EndsWith("/" + pool, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value)];
                }

                last[vm.Name] = AddStep(vm, step, deps, wave);
            }

            foreach (var step in vm.AnyTimeSteps)
            {
                AddStep(vm, step, [], 0);
            }

            if (vm.Start)
            {
                // Capacity comes from the group's GPU changes and partitions others give up, and from changes on the host (or pools) already made.
                var gpu = vm.OffSteps.LastOrDefault(s => s.Kind == OperationKind.AddPartitionAdapter)?.Arguments.PinnedGpu ?? vm.Vm.Partition?.GpuLocationPath;
                var freed = OnHost(vm.Host).Where(o => o.Kind == OperationKind.RemovePartitionAdapter && o.Vm != vm.Name && gpu is not null
                    && string.Equals(o.Gpu, gpu, StringComparison.OrdinalIgnoreCase)).Select(o => o.Id);
                var deps = Deps(last.GetValueOrDefault(vm.Name)).Concat(gpuDone.Values).Concat(freed)
                    .Concat((vm.WaitsFor ?? []).Select(g => released[g])).Concat(CapacityFor(vm, wave)).Distinct().ToList();
                Add(OperationKind.StartVm, vm.Host, vm.Name, null, OperationArguments.None, deps, false, wave, $"start {vm.Name}{(vm.MoveTo is null ? "" : $" on {vm.MoveTo}")}");
            }
        }
    }

    /// <summary>Operations of a wave that nothing else in the wave waits for: the next wave starts after them.</summary>
    public List<string> Tail(int wave)
    {
        var inWave = _operations.Where(o => o.Wave == wave).ToList();
        var needed = inWave.SelectMany(o => o.DependsOn).ToHashSet(StringComparer.Ordinal);
        return [.. inWave.Where(o => !needed.Contains(o.Id)).Select(o => o.Id)];
    }

    private IEnumerable<string> CapacityFor(VmWork vm, int wave) => OnHost(vm.Host)
        .Where(o => o.Kind is OperationKind.SetPartitionCount or OperationKind.MountGpu)
        .Concat(vm.OffSteps.Any(s => s.Arguments.Device?.Pool is not null) || vm.Vm.DdaDevices.Any(d => d.Pool is not null) ? _poolAdds : [])
        .Where(o => o.Wave <= wave)
        .Select(o => o.Id);

    private List<Operation> OnHost(string host) => _byHost.TryGetValue(host, out var list) ? list : [];

    private static bool IsRemoval(Step step) => step.Kind is OperationKind.RemovePartitionAdapter or OperationKind.RemoveDdaDevice;

    private static List<string> Deps(string? id) => id is null ? [] : [id];

    private string AddStep(VmWork vm, Step step, IReadOnlyList<string> deps, int wave) =>
        Add(step.Kind, step.Host ?? vm.Vm.Host, vm.Name, step.Gpu, step.Arguments, deps, false, wave, step.Why);

    private string Add(OperationKind kind, string host, string? vm, string? gpu, OperationArguments arguments, IEnumerable<string> deps, bool disruptive, int wave, string description)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"op-{_operations.Count + 1:000}");
        var op = new Operation(id, kind, host, vm, gpu, arguments, deps.Distinct().ToValueList(), disruptive, wave, description);
        _operations.Add(op);
        if (!_byHost.TryGetValue(host, out var list))
        {
            _byHost[host] = list = [];
        }

        list.Add(op);
        if (kind == OperationKind.AddGpuToPool)
        {
            _poolAdds.Add(op);
        }

        return id;
    }
}
