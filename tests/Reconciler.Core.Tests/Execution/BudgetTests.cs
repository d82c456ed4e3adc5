using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>The disruption budget holds at every instant of an apply, not only between steps.</summary>
public sealed class BudgetTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-budget-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Execute_ShutdownInFlightWhileAnotherHostIsReady_NeverMoreVmsDownThanMaxUnavailable()
    {
        var store = SimulatedLab.World(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ]
                  vms: [ { name: a, state: Running, gpuPartition: { gpu: "{{G1}}" } } ]
                - name: hv-02
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ]
                  vms: [ { name: b, state: Running, gpuPartition: { gpu: "{{G1}}" } }, { name: x, state: Off } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { maxUnavailable: 1 }
              hosts: [ { name: hv-01 }, { name: hv-02 } ]
              vms:
                - { name: a, host: hv-01, gpu: { partition: {} } }
                - { name: b, host: hv-02, gpu: { partition: {} } }
            """);
        // A plan in which only the budget keeps the two shutdowns apart (a resumed plan can look like this).
        var plan = ExecutionRunTests.PlanOf(
            ExecutionRunTests.Op("stop-a", OperationKind.StopVm, "hv-01", "a"),
            ExecutionRunTests.Op("start-a", OperationKind.StartVm, "hv-01", "a", "stop-a"),
            ExecutionRunTests.Op("stop-action-x", OperationKind.SetAutomaticStopAction, "hv-02", "x") with { Arguments = new OperationArguments { StopAction = AutomaticStopAction.TurnOff } },
            ExecutionRunTests.Op("stop-b", OperationKind.StopVm, "hv-02", "b"),
            ExecutionRunTests.Op("start-b", OperationKind.StartVm, "hv-02", "b", "stop-b"));
        var watcher = new DowntimeWatcher(new SimulatedClusterProvider(store, TimeProvider.System), TimeSpan.FromMilliseconds(100));
        var executor = new PlanExecutor(watcher, new InMemoryJournalStore(), new ExecutorOptions(), TimeProvider.System, new Random(1).NextDouble);

        var result = await executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.True(result.Failures.Count == 0, string.Join("; ", result.Failures.Select(f => f.Reason)));
        Assert.Equal(1, watcher.MostDownAtOnce);
        var after = await watcher.ObserveAsync(CancellationToken.None);
        Assert.All(new[] { "a", "b" }, vm => Assert.Equal(VmPowerState.Running, after.Vm(vm)!.State));
    }

    [Fact]
    public async Task Reconcile_ThreeVmsToPowerOffWithABudgetOfTwo_ConvergesInOneTick()
    {
        // Issue 18: VMs the spec wants off free the budget once they are off. Before, the third
        // StopVm waited in wave 2 for a budget the first two never gave back: "not run", exit 1.
        var store = SimulatedLab.World(_dir, File.ReadAllText(RepoRoot.Combine("specs", "worlds", "ai-west.yaml")));
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        var example = File.ReadAllText(RepoRoot.Combine("specs", "examples", "ai-pool-cluster.yaml"));
        var reconciler = new Reconciler.Reconciliation.ClusterReconciler(provider, new InMemoryJournalStore(), new ExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new Random(1).NextDouble);
        var first = await reconciler.ReconcileAsync(new("rev-1", DateTimeOffset.UnixEpoch, SimulatedLab.Spec(example)), CancellationToken.None);
        Assert.Equal(Reconciler.Reconciliation.TickOutcome.Converged, first.Outcome);
        var offSpec = SimulatedLab.Spec(example
            .Replace("name: embed-01, host: hv-ai-03, gpu: { dda: { pool: inference } }, mmio: { low: 3GiB, high: 64GiB }, power: running", "name: embed-01, host: hv-ai-03, gpu: { dda: { pool: inference } }, mmio: { low: 3GiB, high: 64GiB }, power: off", StringComparison.Ordinal)
            .Replace("name: embed-02, host: hv-ai-03, gpu: { dda: { pool: inference } }, mmio: { low: 3GiB, high: 64GiB }, power: running", "name: embed-02, host: hv-ai-03, gpu: { dda: { pool: inference } }, mmio: { low: 3GiB, high: 64GiB }, power: off", StringComparison.Ordinal)
            .Replace("power: running, offlineAction: forceShutdown", "power: off, offlineAction: forceShutdown", StringComparison.Ordinal));
        Assert.Equal(2, offSpec.Policy.MaxUnavailable.Resolve(6));
        Assert.Equal(4, offSpec.Vms.Count(v => v.Power == PowerIntent.Off));

        var second = await reconciler.ReconcileAsync(new("rev-2", DateTimeOffset.UnixEpoch, offSpec), CancellationToken.None);

        Assert.Equal(Reconciler.Reconciliation.TickOutcome.Converged, second.Outcome);
        Assert.Equal(0, second.Execution!.NotRun);
        var after = await provider.ObserveAsync(CancellationToken.None);
        Assert.All(new[] { "embed-01", "embed-02", "rerank-01" }, vm => Assert.Equal(VmPowerState.Off, after.Vm(vm)!.State));
    }
}
