using Reconciler.Observed;

using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>Describes the work a plan has to do as drift items: one per object and field that differs.</summary>
internal static class DriftDetector
{
    /// <param name="vms">Every VM's work, sorted by name ignoring case.</param>
    public static List<DriftItem> Describe(string cluster, IReadOnlyList<GpuWork> gpus, IReadOnlyList<VmWork> vms)
    {
        var items = new List<DriftItem>();
        foreach (var gpu in gpus)
        {
            var target = gpu.Target;
            var observed = target.Observed;
            var obj = $"host/{target.Host}/gpu/{target.Path}";
            var where = $"GPU {target.Path} on {target.Host}";
            if (observed.Status == GpuStatus.Partitioned && target.Mode == GpuMode.Partitioned)
            {
                items.Add(new DriftItem(cluster, obj, "partitionCount", $"{target.PartitionCount}", $"{observed.PartitionCount}",
                    $"{where} has {observed.PartitionCount} partitions; the spec wants {target.PartitionCount}"));
            }
            else if ((observed.Status == GpuStatus.Dismounted) != (target.Mode == GpuMode.Dda))
            {
                items.Add(new DriftItem(cluster, obj, "mode", Mode(target.Mode), observed.Status.ToString(),
                    $"{where} is {observed.Status}; the spec wants it {(target.Mode == GpuMode.Dda ? "passed through by DDA" : "partitioned")}"));
            }
            else
            {
                items.Add(new DriftItem(cluster, obj, "pool", target.Pool ?? "(none)", "(other)",
                    $"{where} is not in the pool the spec names ({target.Pool ?? "none"})"));
            }
        }

        foreach (var vm in vms)
        {
            // Most VMs of a fleet have nothing to report: their object name and step list are made only when needed.
            string? obj = null;
            var steps = vm.AnyTimeSteps.Count == 0 ? vm.OffSteps : [.. vm.OffSteps, .. vm.AnyTimeSteps];
            if (vm.MoveTo is { } to)
            {
                // A move re-homes the GPU resource too; the move is the drift, not the adapter it needs there.
                items.Add(new DriftItem(cluster, obj ??= $"vm/{vm.Name}", "host", to, vm.Vm.Host, vm.IsFailback
                    ? $"{vm.Name} runs on {vm.Vm.Host}, away from its preferred owner {to}{(vm.Vm.FailedOver is { } f ? $" (failed over from {f.From})" : "")}; it moves back"
                    : $"{vm.Name} runs on drained host {vm.Vm.Host}; it moves to {to}"));
            }
            else if (steps.Exists(s => s.Kind is OperationKind.AddPartitionAdapter or OperationKind.RemovePartitionAdapter or OperationKind.AddDdaDevice or OperationKind.RemoveDdaDevice)
                && !IsReleaseOnly(vm, steps))
            {
                var wanted = vm.Target?.Resource switch
                {
                    PartitionTarget p => p.PinnedGpu is null ? "a GPU partition" : $"a partition pinned to {p.PinnedGpu}",
                    DdaPathTarget d => $"GPU {d.LocationPath} by DDA",
                    DdaPoolTarget p => $"{p.Count} GPU(s) from pool {p.Pool}",
                    _ => "no GPU",
                };
                var has = Describe(vm.Vm);
                var sentence = vm.Target is null
                    ? $"{vm.Name} is not in the spec but holds {has} on a managed GPU (prune is on)"
                    : $"{vm.Name} has {has}; the spec wants {wanted}";
                items.Add(new DriftItem(cluster, obj ??= $"vm/{vm.Name}", "gpu", wanted, has, sentence));
            }

            foreach (var step in steps)
            {
                switch (step.Kind)
                {
                    case OperationKind.SetMmio:
                        items.Add(new DriftItem(cluster, obj ??= $"vm/{vm.Name}", "mmio", $"{step.Arguments.MmioLow} / {step.Arguments.MmioHigh}", $"{vm.Vm.Mmio.Low} / {vm.Vm.Mmio.High}",
                            $"{vm.Name}'s MMIO space is {vm.Vm.Mmio.Low.ToDisplayString()} / {vm.Vm.Mmio.High.ToDisplayString()}; the spec wants {step.Arguments.MmioLow?.ToDisplayString()} / {step.Arguments.MmioHigh?.ToDisplayString()}"));
                        break;
                    case OperationKind.SetAutomaticStopAction:
                        items.Add(new DriftItem(cluster, obj ??= $"vm/{vm.Name}", "automaticStopAction", "TurnOff", vm.Vm.AutomaticStopAction.ToString(),
                            $"{vm.Name}'s automatic stop action is {vm.Vm.AutomaticStopAction}; DDA needs TurnOff"));
                        break;
                    case OperationKind.SetOfflineAction:
                        items.Add(new DriftItem(cluster, obj ??= $"vm/{vm.Name}", "offlineAction", $"{step.Arguments.OfflineAction}", vm.Vm.OfflineAction?.ToString() ?? "(default: Save)",
                            $"{vm.Name}'s cluster offline action is {vm.Vm.OfflineAction?.ToString() ?? "the default (Save)"}; the spec wants {step.Arguments.OfflineAction}"));
                        break;
                }
            }

            var power = vm.Target?.Spec.Power ?? PowerIntent.Unmanaged;
            if (power == PowerIntent.Running && vm.Vm.State != VmPowerState.Running && !vm.NeedsOff)
            {
                items.Add(new DriftItem(cluster, obj ?? $"vm/{vm.Name}", "power", "Running", vm.Vm.State.ToString(), $"{vm.Name} is {vm.Vm.State}; the spec wants it running"));
            }
            else if (power == PowerIntent.Unmanaged && vm.Start && !vm.Stop && vm.Vm.State == VmPowerState.Off)
            {
                items.Add(new DriftItem(cluster, obj ?? $"vm/{vm.Name}", "power", "Running", "Off", $"{vm.Name} was stopped by an interrupted change and is started again"));
            }
            else if (power == PowerIntent.Off && vm.Vm.State != VmPowerState.Off)
            {
                items.Add(new DriftItem(cluster, obj ?? $"vm/{vm.Name}", "power", "Off", vm.Vm.State.ToString(), $"{vm.Name} is {vm.Vm.State}; the spec wants it off"));
            }
        }

        return items;
    }

    /// <summary>A VM that lets go of its partition only for a GPU change and gets the same one back has no drift of its own.</summary>
    private static bool IsReleaseOnly(VmWork vm, List<Step> steps) =>
        vm.Vm.Partition is { GpuLocationPath: { } gpu } held
        && vm.Released(gpu)
        && (vm.Target?.Resource is not PartitionTarget { PinnedGpu: { } pin } || (held.Pinned && ResolvedTargets.Same(pin, gpu)))
        && steps.Count(s => s.Kind is OperationKind.AddPartitionAdapter or OperationKind.RemovePartitionAdapter) == 2
        && steps.Any(s => s.Kind == OperationKind.AddPartitionAdapter && ResolvedTargets.Same(s.Arguments.PinnedGpu, held.GpuLocationPath) && s.Arguments.Settings == held.Settings)
        && !steps.Any(s => s.Kind is OperationKind.AddDdaDevice or OperationKind.RemoveDdaDevice);

    private static string Mode(GpuMode mode) => mode == GpuMode.Dda ? "Dismounted" : "Partitioned";

    private static string Describe(ObservedVm vm) => vm switch
    {
        { Partition: { Pinned: true } p } => $"a partition pinned to {p.GpuLocationPath}",
        { Partition: { } p } => p.GpuLocationPath is null ? "an unpinned partition" : $"an unpinned partition (on {p.GpuLocationPath})",
        { DdaDevices.Count: > 0 } => "DDA " + string.Join(", ", vm.DdaDevices),
        _ => "no GPU",
    };
}
