using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;

namespace Reconciler.Execution;

/// <summary>
/// What is true once an operation has taken effect. Checked before an operation (skip it when it
/// already holds: a resumed or retried plan) and after it (a step that reports success but left
/// no trace is a failure).
/// </summary>
public static class Postconditions
{
    /// <summary>
    /// True when running the operation now would change nothing. A pool claim is never "already
    /// done": several identical claims can be wanted, and a re-plan after a crash asks only for missing ones.
    /// </summary>
    public static bool AlreadyDone(Operation op, ObservedCluster cluster) =>
        !(op.Kind == OperationKind.AddDdaDevice && op.Arguments.Device?.Pool is not null) && Hold(op, cluster);

    public static bool Hold(Operation op, ObservedCluster cluster)
    {
        var host = cluster.Host(op.Host);
        var vm = op.Vm is null ? null : cluster.Vm(op.Vm);
        var gpu = op.Gpu is null ? null : host?.Gpu(op.Gpu);
        var a = op.Arguments;
        return op.Kind switch
        {
            OperationKind.StopVm => vm is { State: VmPowerState.Off },
            OperationKind.StartVm => vm is { State: VmPowerState.Running },
            OperationKind.RemovePartitionAdapter => vm is { Partition: null },
            OperationKind.AddPartitionAdapter => vm?.Partition is { } p && (a.PinnedGpu is null || (p.Pinned && Same(p.GpuLocationPath, a.PinnedGpu))),
            OperationKind.RemoveDdaDevice => vm is not null && !vm.DdaDevices.Any(d => Matches(d, a.Device)),
            OperationKind.AddDdaDevice => vm is not null && (a.Device?.Pool is { } pool
                ? vm.DdaDevices.Any(d => Same(d.Pool, pool))
                : vm.DdaDevices.Any(d => Matches(d, a.Device))),
            OperationKind.SetPartitionCount => gpu is { Status: GpuStatus.Partitioned } && gpu.PartitionCount == a.PartitionCount,
            OperationKind.DismountGpu => gpu is { Status: GpuStatus.Dismounted },
            OperationKind.MountGpu => gpu is { Status: GpuStatus.Partitioned },
            OperationKind.CreatePool => cluster.Pools.Any(p => Same(p.Name, a.Pool) && p.Hosts.Any(h => Same(h, op.Host))),
            OperationKind.AddGpuToPool => cluster.Pools.Any(p => Same(p.Name, a.Pool) && p.Members.Any(m => Same(m.Host, op.Host) && Same(m.LocationPath, op.Gpu))),
            OperationKind.RemoveGpuFromPool => !cluster.Pools.Any(p => Same(p.Name, a.Pool) && p.Members.Any(m => Same(m.Host, op.Host) && Same(m.LocationPath, op.Gpu))),
            OperationKind.SetMmio => vm is not null && vm.Mmio.Low == a.MmioLow && vm.Mmio.High == a.MmioHigh,
            OperationKind.SetAutomaticStopAction => vm is not null && vm.AutomaticStopAction == a.StopAction,
            OperationKind.SetOfflineAction => vm is not null && vm.OfflineAction == a.OfflineAction,
            OperationKind.MoveVm => vm is not null && Same(vm.Host, a.TargetHost),
            _ => false,
        };
    }

    private static bool Matches(DdaDevice observed, DdaDevice? wanted) =>
        wanted is not null && (wanted.Pool is not null ? Same(observed.Pool, wanted.Pool) : observed.Pool is null && Same(observed.LocationPath, wanted.LocationPath));

    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
