using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Simulation;

namespace Reconciler.Tests.Execution;

/// <summary>
/// One apply converges through transient faults (issue 18): the vdi-east example (two hosts, 29
/// operations on eight of its twelve VMs) at a simulated fault rate of 0.3, over many seeds, with the default
/// retry budgets (only the delays shortened so the test is fast).
/// </summary>
public sealed class TransientFaultTests : IDisposable
{
    // Every simulated call writes the state durably (fsync): on tmpfs where there is one, so 200 applies stay fast.
    private readonly string _dir = Directory.Exists("/dev/shm")
        ? Directory.CreateDirectory(Path.Combine("/dev/shm", $"reconciler-faults-{Guid.NewGuid():N}")).FullName
        : Directory.CreateTempSubdirectory("reconciler-faults-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The default budgets; the delays near zero (the simulator's latency is zero too).</summary>
    private static readonly ExecutorOptions Defaults = new() { RetryDelay = TimeSpan.FromTicks(1), MaxRetryDelay = TimeSpan.FromTicks(10) };

    /// <summary>Saturday 02:00 in Berlin: inside vdi-east's maintenance window.</summary>
    private static readonly DateTimeOffset Window = new(2026, 11, 28, 2, 0, 0, TimeSpan.FromHours(1));

    [Fact]
    public async Task Execute_TransientFaultsAtRate03_OneApplyConvergesForEverySeed()
    {
        var world = File.ReadAllText(RepoRoot.Combine("specs", "worlds", "vdi-east.yaml"));
        var spec = SimulatedLab.Spec(File.ReadAllText(RepoRoot.Combine("specs", "examples", "vdi-cluster.yaml")));
        var failed = new List<string>();
        var operations = 0;
        for (var seed = 1; seed <= 200; seed++)
        {
            var store = SimulatedLab.World(Path.Combine(_dir, $"s{seed}"), world.Replace("transientRate: 0.0, seed: 1", $"transientRate: 0.3, seed: {seed}", StringComparison.Ordinal));
            var provider = new SimulatedClusterProvider(store, TimeProvider.System);
            var before = await provider.ObserveAsync(CancellationToken.None);
            var plan = Planner.Plan(spec, before, GpuCatalog.Default, Window);
            operations += plan.Operations.Count;

            var result = await new PlanExecutor(provider, new InMemoryJournalStore(), Defaults, TimeProvider.System, new Random(seed).NextDouble)
                .ExecuteAsync(plan, spec, "rev-1", before, CancellationToken.None);

            var after = await provider.ObserveAsync(CancellationToken.None);
            var leftOff = before.Vms.Where(v => v.State == VmPowerState.Running && after.Vm(v.Name)!.State != VmPowerState.Running).Select(v => v.Name).ToList();
            if (result.Status != ExecutionStatus.Converged || leftOff.Count > 0)
            {
                failed.Add($"seed {seed}: {result.Status}, left off [{string.Join(", ", leftOff)}]: {string.Join("; ", result.Failures.Select(f => $"{f.Kind} {f.Vm}: {f.Reason}"))}");
            }
        }

        Assert.True(operations / 200 >= 9, $"the plan should be sizeable, has {operations / 200} operations");
        Assert.True(failed.Count == 0, $"{failed.Count} of 200 seeds did not converge in one apply:\n{string.Join('\n', failed)}");
    }

    [Fact]
    public async Task Execute_CallStillFailingAfterItsRetries_RunsTheOperationAgainAndConverges()
    {
        const string g1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
        var store = SimulatedLab.World(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{g1}}", partitionCount: 4 } ]
                  vms: [ { name: a, state: Off } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = SimulatedLab.Spec($$"""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, locationPath: "{{g1}}", partitionCount: 4 } ] } ]
              vms: [ { name: a, host: hv-01, gpu: { partition: {} } } ]
            """);
        // The host is busy for the first seven changes: more than one call's retries (1 + 4) can outlast.
        var provider = new BusyFirst(new SimulatedClusterProvider(store, TimeProvider.System), busyCalls: 7);
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, Window);

        var result = await new PlanExecutor(provider, new InMemoryJournalStore(), Defaults, TimeProvider.System, new Random(1).NextDouble)
            .ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.True(result.Status == ExecutionStatus.Converged, $"{result.Status}: {string.Join("; ", result.Failures.Select(f => f.Reason))} {string.Join("; ", result.Blocked.Select(b => b.Message))}");
        Assert.NotNull((await provider.ObserveAsync(CancellationToken.None)).Vm("a")!.Partition);
    }

    /// <summary>Fails the first <paramref name="busyCalls"/> changes transiently, as a busy WinRM service does, then passes them on.</summary>
    private sealed class BusyFirst(IClusterProvider inner, int busyCalls) : ForwardingProvider(inner)
    {
        private int _calls;

        protected override Task ChangeAsync(string? host, Func<Task> call, CancellationToken ct) =>
            Interlocked.Increment(ref _calls) <= busyCalls
                ? throw new ProviderException(ProviderErrorKind.Transient, "The WS-Management service cannot process the request: the host is busy.", "Transient")
                : call();
    }
}
