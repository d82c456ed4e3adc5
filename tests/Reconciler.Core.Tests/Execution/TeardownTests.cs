using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>Whatever ends a run, no operation of it is still changing a host afterwards.</summary>
public sealed class TeardownTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-teardown-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Execute_CrashOnOneHostWhileAnotherHostsStepRuns_CancelsAndAwaitsThatStepBeforeThrowing()
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
                  vms: [ { name: b, state: Running, gpuPartition: { gpu: "{{G1}}" } } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { maxUnavailable: 2 }
              hosts: [ { name: hv-01 }, { name: hv-02 } ]
              vms:
                - { name: a, host: hv-01 }
                - { name: b, host: hv-02 }
            """);
        var inner = new SimulatedClusterProvider(store, TimeProvider.System);
        var plan = Planner.Plan(spec, await inner.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UnixEpoch);
        var provider = new HangThenCrash(inner);

        await Assert.ThrowsAsync<CrashException>(() =>
            new PlanExecutor(provider, new InMemoryJournalStore(), new ExecutorOptions(), TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));

        Assert.Equal(0, provider.InFlight);
    }

    private sealed class CrashException : Exception;

    /// <summary>hv-02's first change hangs until cancelled; once it hangs, hv-01's first change crashes (not a provider failure).</summary>
    private sealed class HangThenCrash(IClusterProvider inner) : ForwardingProvider(inner)
    {
        private readonly TaskCompletionSource _hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int InFlight => Volatile.Read(ref _inFlight);

        protected override async Task ChangeAsync(string? host, Func<Task> call, CancellationToken ct)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                if (host == "hv-02")
                {
                    _hanging.TrySetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }

                await _hanging.Task.WaitAsync(ct);
                throw new CrashException();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
