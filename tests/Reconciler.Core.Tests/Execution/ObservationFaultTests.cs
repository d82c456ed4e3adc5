using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Tests.Execution;

/// <summary>
/// A real provider's observation fails when any one host has a fault (the simulator's never does):
/// the run still ends with nothing in flight and every VM it stopped running again, or journaled.
/// </summary>
public sealed class ObservationFaultTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private static readonly ExecutorOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) };
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-observe-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>One host, so observations come in a fixed order: before, then per operation its batch's and its check's, then restore and verify.</summary>
    private (IClusterProvider Provider, ClusterSpec Spec) OneHost(string name)
    {
        var store = SimulatedLab.World(Path.Combine(_dir, name), $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 2 } ]
                  vms:
                    - { name: a, state: Running, gpuPartition: { gpu: "{{G1}}" } }
                    - { name: b, state: Running, gpuPartition: { gpu: "{{G1}}" } }
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec($$"""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { maxUnavailable: 2 }
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ] } ]
              vms:
                - { name: a, host: hv-01, gpu: { partition: {} } }
                - { name: b, host: hv-01, gpu: { partition: {} } }
            """);
        return (new SimulatedClusterProvider(store, TimeProvider.System), spec);
    }

    private static async Task<(ExecutionResult? Result, Exception? Thrown)> ExecuteAsync(IClusterProvider inner, IClusterProvider provider, ClusterSpec spec, InMemoryJournalStore journals)
    {
        var plan = Planner.Plan(spec, await inner.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UnixEpoch);
        try
        {
            return (await new PlanExecutor(provider, journals, Fast, TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None), null);
        }
        catch (ProviderException e)
        {
            return (null, e);
        }
    }

    private async Task<int> ObservationsOfACleanRunAsync()
    {
        var (inner, spec) = OneHost("clean");
        var counting = new FaultyObserver(inner, _ => null);
        var (result, _) = await ExecuteAsync(inner, counting, spec, new InMemoryJournalStore());
        Assert.Equal(ExecutionStatus.Converged, result!.Status);
        return counting.Observations;
    }

    [Fact]
    public async Task Execute_TransientObservationFaultAtAnyPoint_IsRetriedAndConverges()
    {
        var total = await ObservationsOfACleanRunAsync();
        for (var at = 1; at <= total; at++)
        {
            var (inner, spec) = OneHost($"t{at}");
            var faulty = new FaultyObserver(inner, n => n == at ? ProviderErrorKind.Transient : null);

            var (result, thrown) = await ExecuteAsync(inner, faulty, spec, new InMemoryJournalStore());

            Assert.True(thrown is null, $"observation {at}: {thrown?.Message}");
            Assert.True(result!.Status == ExecutionStatus.Converged, $"observation {at}: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
            Assert.Equal(0, faulty.InFlight);
        }
    }

    [Fact]
    public async Task Execute_PermanentObservationFaultDuringThePlan_FailsThoseStepsAndStartsEveryStoppedVmAgain()
    {
        var total = await ObservationsOfACleanRunAsync();

        // Every observation but the first (before anything changes) and the last two (restore, verify).
        for (var at = 2; at <= total - 2; at++)
        {
            var (inner, spec) = OneHost($"p{at}");
            var faulty = new FaultyObserver(inner, n => n == at ? ProviderErrorKind.Permanent : null);
            var journals = new InMemoryJournalStore();

            var (result, thrown) = await ExecuteAsync(inner, faulty, spec, journals);

            Assert.True(thrown is null, $"observation {at} escaped the run: {thrown?.Message}");
            Assert.Equal(ExecutionStatus.Failed, result!.Status);
            Assert.Contains(result.Failures, f => f.Reason.Contains("observ", StringComparison.OrdinalIgnoreCase));
            Assert.Equal(0, faulty.InFlight);
            var after = await inner.ObserveAsync(CancellationToken.None);
            Assert.True(after.Vm("a")!.State == VmPowerState.Running && after.Vm("b")!.State == VmPowerState.Running,
                $"observation {at}: a is {after.Vm("a")!.State}, b is {after.Vm("b")!.State}");
            Assert.Null(journals.Load("lab"));
        }
    }

    [Fact]
    public async Task Execute_PermanentObservationFaultWhileRestoring_LeavesTheJournalNamingTheStoppedVms()
    {
        var total = await ObservationsOfACleanRunAsync();
        for (var at = total - 1; at <= total; at++)
        {
            var (inner, spec) = OneHost($"r{at}");
            var faulty = new FaultyObserver(inner, n => n >= at ? ProviderErrorKind.Permanent : null);
            var journals = new InMemoryJournalStore();

            await ExecuteAsync(inner, faulty, spec, journals);

            Assert.Equal(0, faulty.InFlight);
            var after = await inner.ObserveAsync(CancellationToken.None);
            foreach (var vm in new[] { "a", "b" })
            {
                Assert.True(after.Vm(vm)!.State == VmPowerState.Running || journals.Load("lab")?.StoppedRunning.Contains(vm) == true,
                    $"observation {at}: {vm} is {after.Vm(vm)!.State} and no journal names it");
            }
        }
    }

    /// <summary>Throws from the observations <paramref name="fault"/> picks (numbered from 1) and counts changes in flight.</summary>
    private sealed class FaultyObserver(IClusterProvider inner, Func<int, ProviderErrorKind?> fault) : ForwardingProvider(inner)
    {
        private int _observations;
        private int _inFlight;

        public int Observations => Volatile.Read(ref _observations);

        public int InFlight => Volatile.Read(ref _inFlight);

        public override Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken)
        {
            var n = Interlocked.Increment(ref _observations);
            return fault(n) is { } kind
                ? Task.FromException<ObservedCluster>(new ProviderException(kind, $"host hv-01 did not answer the observation ({kind})", "Injected"))
                : Inner.ObserveAsync(cancellationToken);
        }

        protected override async Task ChangeAsync(string? host, Func<Task> call, CancellationToken ct)
        {
            Interlocked.Increment(ref _inFlight);
            try
            {
                await call();
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
