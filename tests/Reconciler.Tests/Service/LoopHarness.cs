using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Reconciler.Execution;
using Reconciler.Metrics;
using Reconciler.Observed;
using Reconciler.Service;
using Reconciler.Settings;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Tests.Service;

/// <summary>
/// The loop without a host: its ticks driven one at a time by the test on a fake clock, a source
/// the test steers, the simulator as every cluster (state in a temporary directory), alerts and
/// log lines recorded. Clusters are named by their world: <see cref="World"/> before the first tick.
/// </summary>
internal sealed class LoopHarness : IDisposable
{
    public const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    private readonly string _root = Directory.CreateTempSubdirectory("reconciler-loop-").FullName;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CancellationTokenSource _stop = new();
    private ReconcileLoop? _loop;

    public LoopHarness()
    {
        Directory.CreateDirectory(Worlds);
        Options = new ServiceOptions
        {
            StateDirectory = Path.Combine(_root, "state"),
            Interval = TimeSpan.FromSeconds(30),
            InitialBackoff = TimeSpan.FromSeconds(5),
            MaxBackoff = TimeSpan.FromMinutes(5),
        };
        Options.Simulator.Worlds = Worlds;
        Options.Executor.RetryDelay = TimeSpan.Zero;
        Metrics = new ReconcilerMetrics(_services.GetRequiredService<IMeterFactory>(), Time);
        Exposition = new PrometheusExposition(Metrics.Meter);
        Board = new StatusBoard(Source.Description);
    }

    public string Worlds => Path.Combine(_root, "worlds");

    public ServiceOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 12, 7, 3, 0, 0, TimeSpan.Zero));

    public FakeSpecSource Source { get; } = new();

    public StatusBoard Board { get; }

    public ReconcilerMetrics Metrics { get; }

    public PrometheusExposition Exposition { get; }

    public RecordingAlertSink Alerts { get; } = new();

    public CapturingLogger<ReconcileLoop> Log { get; } = new();

    public TickTrigger Trigger { get; } = new();

    public ReconcileLoop Loop => _loop ??= new ReconcileLoop(
        Options, Source, new ClusterProviders(Options, TimeProvider.System), new InMemoryJournalStore(), Board, Trigger, Alerts, Metrics, Time, new Randomizer(() => 0.5), Log);

    /// <summary>A one-host world with an A16 in 4 partitions and two running VMs, vm-1 on a partition.</summary>
    public void World(string cluster) => File.WriteAllText(Path.Combine(Worlds, cluster + ".yaml"), $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: {{cluster}} }
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 4 }
              vms:
                - { name: vm-1, state: Running, gpuPartition: { gpu: "{{Gpu}}" } }
                - { name: vm-2, state: Running }
        """);

    public static string Spec(string cluster, int partitionCount = 4) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata:
          name: {{cluster}}
        spec:
          policy: { mode: enforce, maxUnavailable: 2 }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: {{partitionCount}} }
          vms:
            - { name: vm-1, host: hv-01, gpu: { partition: {} }, power: running }
            - { name: vm-2, host: hv-01, power: running }
        """;

    /// <summary>One tick; a generous real-time bound turns a tick that hangs into a failure instead of a stuck suite.</summary>
    public Task TickAsync(bool everyCluster = false) =>
        Loop.TickAsync(everyCluster, _stop.Token).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>
    /// A sync request as the loop sees it: one tick (every cluster, on the revision it has; it starts
    /// a fetch in the background), the wait for that fetch, the tick that takes it in (and starts
    /// the next fetch), and the wait for that one, so the test reads settled state. Two fetches.
    /// </summary>
    public async Task SyncAsync()
    {
        await TickAsync(everyCluster: true);
        await FetchedAsync();
        await TickAsync(everyCluster: true);
        await FetchedAsync();
    }

    /// <summary>Waits for the background fetch, if one is in flight.</summary>
    public Task FetchedAsync() => (Loop.Follower.InFlight ?? Task.CompletedTask).WaitAsync(TimeSpan.FromSeconds(60));

    /// <summary>The simulated cluster as a person with PowerShell would reach it: behind the service's back.</summary>
    public SimulatedClusterProvider ByHand(string cluster) =>
        new(new StateStore(Path.Combine(Options.StateDirectory, "sim", cluster)), TimeProvider.System);

    public async Task<ObservedCluster> ObserveByHandAsync(string cluster) => await ByHand(cluster).ObserveAsync(CancellationToken.None);

    public void Dispose()
    {
        _stop.Cancel();
        Source.Release();
        Exposition.Dispose();
        _services.Dispose();
        _stop.Dispose();
        Trigger.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
