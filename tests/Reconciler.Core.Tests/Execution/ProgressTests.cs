using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>Progress is for people watching: nothing a progress handler does can break a run.</summary>
public sealed class ProgressTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-progress-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Execute_ProgressHandlerThrows_PlanConvergesOtherHandlersHearEverythingAndItIsLoggedOnce()
    {
        var store = SimulatedLab.World(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 2 } ]
                  vms: [ { name: a, state: Running, gpuPartition: { gpu: "{{G1}}" } } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec($$"""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ] } ]
              vms: [ { name: a, host: hv-01, gpu: { partition: {} } } ]
            """);
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UnixEpoch);
        var logger = new ListLogger();
        var executor = new PlanExecutor(provider, new InMemoryJournalStore(), new ExecutorOptions(), TimeProvider.System, new Random(1).NextDouble, logger);
        var heard = 0;
        executor.Progress += _ => throw new IOException("Broken pipe"); // `reconciler apply | head` after head exits
        executor.Progress += _ => Interlocked.Increment(ref heard);

        var result = await executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.Equal(ExecutionStatus.Converged, result.Status);
        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("a")!.State);
        Assert.Equal(plan.Operations.Count * 2, heard); // started and finished, for each step
        Assert.Equal(LogLevel.Warning, Assert.Single(logger.Levels));
    }

    private sealed class ListLogger : ILogger
    {
        public List<LogLevel> Levels { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Levels)
            {
                Levels.Add(logLevel);
            }
        }
    }

    [Fact]
    public async Task Execute_OperationWhoseDependencyFailed_IsReportedNotRunWithTheReasonOnce()
    {
        // Issue 18: the service logged "not run: not run: an operation it depends on failed";
        // the event kind says "not run", the message says only why.
        var store = SimulatedLab.World(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 2 } ]
                  vms: [ { name: a, state: Running } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts: [ { name: hv-01 } ]
              vms: [ { name: a, host: hv-01 } ]
            """);
        // Starting a VM that does not exist fails; the step after it can never run.
        var plan = ExecutionRunTests.PlanOf(
            ExecutionRunTests.Op("start-ghost", OperationKind.StartVm, "hv-01", "ghost"),
            ExecutionRunTests.Op("after-ghost", OperationKind.StartVm, "hv-01", "a", "start-ghost"));
        var executor = new PlanExecutor(new SimulatedClusterProvider(store, TimeProvider.System), new InMemoryJournalStore(), new ExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new Random(1).NextDouble);
        var events = new List<ExecutionEvent>();
        executor.Progress += e => { lock (events) { events.Add(e); } };

        var result = await executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.Equal(1, result.NotRun);
        var notRun = Assert.Single(events, e => e.Kind == ExecutionEventKind.NotRun);
        Assert.Equal("after-ghost", notRun.Operation.Id);
        Assert.Equal("an operation it depends on failed", notRun.Message);
    }
}
