using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
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
}
