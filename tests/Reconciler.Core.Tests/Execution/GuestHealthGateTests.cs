using System.Collections.Concurrent;
using Reconciler.Testing.Time;
using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Reconciliation;
using Reconciler.Simulation;

namespace Reconciler.Tests.Execution;

/// <summary>
/// The guest health gate (issue 19): a started VM counts against maxUnavailable until its guest's
/// heartbeat says OK, the next wave waits for it, and a guest that does not come back within
/// policy.health.timeout fails its start. Time is a fake clock that the simulator's guests boot by.
/// </summary>
public sealed class GuestHealthGateTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-gate-").FullName;
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Polls every 5 s of fake time; no call times out on the fake clock while the test moves it.</summary>
    private static readonly ExecutorOptions Options = new() { CallTimeout = TimeSpan.FromDays(1), HealthPollInterval = TimeSpan.FromSeconds(5) };

    /// <summary>Two running VMs without a GPU on one host; the spec gives each a partition, one at a time (two waves).</summary>
    private static string World(string guests) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ]
              vms: [ { name: a, state: Running }, { name: b, state: Running } ]
          behaviour: { guests: {{guests}} }
        """;

    private static string Spec(string health) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          policy: { maxUnavailable: 1{{health}} }
          hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 4 } ] } ]
          vms:
            - { name: a, host: hv-01, gpu: { partition: {} } }
            - { name: b, host: hv-01, gpu: { partition: {} } }
        """;

    [Fact]
    public async Task Execute_GuestStillBooting_NextWaveWaitsUntilItsHeartbeatIsOk()
    {
        var provider = new ClockedCalls(new SimulatedClusterProvider(SimulatedLab.World(_dir, World("{ boot: 2m }")), _clock), _clock);
        var watcher = new DowntimeWatcher(provider, TimeSpan.Zero);
        var spec = SimulatedLab.Spec(Spec(""));
        var plan = Planner.Plan(spec, await watcher.ObserveAsync(CancellationToken.None), GpuCatalog.Default, _clock.GetUtcNow());
        Assert.True(2 == plan.Summary.Waves, string.Join("; ", plan.Blocked.Select(b => b.Message)));

        var result = await RunAsync(new PlanExecutor(watcher, new InMemoryJournalStore(), Options, _clock, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));

        Assert.Equal(ExecutionStatus.Converged, result.Status);
        var startA = provider.At("start a");
        var stopB = provider.At("shutdown b");
        Assert.True(stopB >= startA + TimeSpan.FromMinutes(2), $"b was shut down {stopB - startA} after a started, before a's guest had booted (2m)");
        Assert.Equal(1, watcher.MostDownAtOnce);
    }

    [Fact]
    public async Task Execute_GuestNeverComesBack_StartFailsAfterHealthTimeout_AndTheNextWaveNeverStarts()
    {
        var provider = new ClockedCalls(new SimulatedClusterProvider(SimulatedLab.World(_dir, World("{ boot: 30s, neverHealthy: [a] }")), _clock), _clock);
        var spec = SimulatedLab.Spec(Spec(", health: { timeout: 3m }"));
        var journals = new InMemoryJournalStore();
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, _clock.GetUtcNow());
        var executor = new PlanExecutor(provider, journals, Options, _clock, new Random(1).NextDouble);
        var failedAt = DateTimeOffset.MinValue;
        executor.Progress += e =>
        {
            if (e.Kind == ExecutionEventKind.Failed)
            {
                failedAt = _clock.GetUtcNow();
            }
        };

        var result = await RunAsync(executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var failure = Assert.Single(result.Failures);
        Assert.Equal(("a", "StartVm"), (failure.Vm, failure.Kind));
        Assert.Contains("the guest of VM a did not come back", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("within 3m", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("No Contact", failure.Reason, StringComparison.Ordinal);
        Assert.True(failedAt >= provider.At("start a") + TimeSpan.FromMinutes(3), "the start failed before policy.health.timeout had passed");
        // The failure rules: no shutdown after a failure, so b keeps running untouched; nothing is left off.
        Assert.Null(provider.AtOrNull("shutdown b"));
        var after = await provider.ObserveAsync(CancellationToken.None);
        Assert.Equal((VmPowerState.Running, (PartitionAdapter?)null), (after.Vm("b")!.State, after.Vm("b")!.Partition));
        Assert.Equal(VmPowerState.Running, after.Vm("a")!.State);
        Assert.Empty(Journal.StrandedIn(journals.Load("lab"), spec, after));
    }

    [Fact]
    public async Task Execute_AfterAGuestDidNotComeBack_LaterRunsKeepItsPlaceInTheBudgetUntilItIsUp()
    {
        var store = SimulatedLab.World(_dir, World("{ neverHealthy: [a] }"));
        var provider = new ClockedCalls(new SimulatedClusterProvider(store, _clock), _clock);
        var spec = SimulatedLab.Spec(Spec(", health: { timeout: 1m }"));
        var journals = new InMemoryJournalStore();

        async Task<ExecutionResult> ApplyAsync()
        {
            var observed = await provider.ObserveAsync(CancellationToken.None);
            var plan = Planner.Plan(spec, observed, GpuCatalog.Default, _clock.GetUtcNow(), Journal.StrandedIn(journals.Load("lab"), spec, observed));
            return await RunAsync(new PlanExecutor(provider, journals, Options, _clock, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));
        }

        var first = await ApplyAsync();
        Assert.Equal(ExecutionStatus.Failed, first.Status);
        Assert.Equal(["a"], journals.Load("lab")!.Booting);

        // The next run plans b's change, but a's guest is still down and holds the budget (1): b is not touched.
        var second = await ApplyAsync();
        Assert.Equal(ExecutionStatus.Blocked, second.Status);
        Assert.Empty(second.Failures);
        Assert.Contains("the guest of VM a is still not up", Assert.Single(second.GuestsDown).Reason, StringComparison.Ordinal);
        Assert.Contains(second.Blocked, b => b.Reason == Reconciler.Drift.BlockReason.Budget && b.Message.Contains("VM a", StringComparison.Ordinal));
        Assert.Null(provider.AtOrNull("shutdown b"));

        // Someone fixes the guest: the run after that sees it up, changes b, and lets the journal go.
        var state = store.Load();
        state.Behaviour.NeverHealthy.Clear();
        store.Save(state);
        var third = await ApplyAsync();
        Assert.Equal(ExecutionStatus.Converged, third.Status);
        Assert.NotNull(provider.AtOrNull("shutdown b"));
        Assert.Null(journals.Load("lab"));
    }

    [Fact]
    public async Task Reconcile_GuestNeverComesBack_TickFailsAndItsMessageNamesTheGuest()
    {
        var provider = new SimulatedClusterProvider(SimulatedLab.World(_dir, World("{ neverHealthy: [a] }")), _clock);
        var reconciler = new ClusterReconciler(provider, new InMemoryJournalStore(), Options, _clock, new Random(1).NextDouble);

        var tick = await RunAsync(reconciler.ReconcileAsync(new DesiredRevision("rev-1", _clock.GetUtcNow(), SimulatedLab.Spec(Spec(""))), CancellationToken.None));

        Assert.Equal(TickOutcome.Failed, tick.Outcome);
        Assert.Contains("VM a, StartVm: the guest of VM a did not come back", tick.Message, StringComparison.Ordinal);
        Assert.Contains("within 10m", tick.Message, StringComparison.Ordinal); // the default policy.health.timeout
    }

    [Fact]
    public async Task Execute_GuestAlreadyUp_StartSucceedsWithoutWaiting()
    {
        var provider = new SimulatedClusterProvider(SimulatedLab.World(_dir, World("{ boot: 0s }")), _clock);
        var spec = SimulatedLab.Spec(Spec(""));
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, _clock.GetUtcNow());

        // Nobody moves the clock: a gate that waited for no reason would never finish.
        var result = await new PlanExecutor(provider, new InMemoryJournalStore(), Options, _clock, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.Equal(ExecutionStatus.Converged, result.Status);
        Assert.Equal(_clock.GetUtcNow(), new DateTimeOffset(2026, 12, 6, 2, 0, 0, TimeSpan.Zero));
    }

    /// <summary>Moves the fake clock in small steps until <paramref name="work"/> is done: guests boot and the gate's polls come due.</summary>
    private async Task<T> RunAsync<T>(Task<T> work)
    {
        for (var step = 0; !work.IsCompleted; step++)
        {
            Assert.True(step < 100_000, "the run did not end within a simulated day");
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System); // let the run reach its next wait; the fake clock alone orders what happens
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await work;
    }

    /// <summary>Notes when (on the fake clock) each VM was asked to start or shut down.</summary>
    private sealed class ClockedCalls(IClusterProvider inner, TimeProvider clock) : ForwardingProvider(inner)
    {
        private readonly ConcurrentDictionary<string, DateTimeOffset> _at = new(StringComparer.Ordinal);

        public DateTimeOffset At(string what) => AtOrNull(what) ?? throw new Xunit.Sdk.XunitException($"no '{what}' happened");

        public DateTimeOffset? AtOrNull(string what) => _at.TryGetValue(what, out var at) ? at : null;

        public override Task StartVmAsync(string host, string vm, CancellationToken ct)
        {
            _at.TryAdd($"start {vm}", clock.GetUtcNow());
            return base.StartVmAsync(host, vm, ct);
        }

        public override Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken ct)
        {
            _at.TryAdd($"shutdown {vm}", clock.GetUtcNow());
            return base.ShutdownVmAsync(host, vm, timeout, ct);
        }
    }
}
