using Reconciler.Catalog;
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

        Assert.Empty(result.Failures);
        Assert.Equal(1, watcher.MostDownAtOnce);
        var after = await watcher.ObserveAsync(CancellationToken.None);
        Assert.All(new[] { "a", "b" }, vm => Assert.Equal(VmPowerState.Running, after.Vm(vm)!.State));
    }
}
