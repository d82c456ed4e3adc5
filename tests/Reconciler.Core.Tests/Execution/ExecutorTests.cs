using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;
using Reconciler.Tests.Planning;

namespace Reconciler.Tests.Execution;

public sealed class ExecutorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-exec-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ExecutorOptions Fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5), MaxRetries = 12 };

    private static string Example(string folder, string file) => File.ReadAllText(RepoRoot.Combine("specs", folder, file));

    private (IClusterProvider Provider, ClusterSpec Spec) Setup(string world, string spec, string? dir = null)
    {
        var store = SimulatedLab.World(dir ?? _dir, world);
        return (new SimulatedClusterProvider(store, TimeProvider.System), SimulatedLab.Spec(spec));
    }

    private static async Task<ExecutionResult> ApplyAsync(IClusterProvider provider, ClusterSpec spec, InMemoryJournalStore journals, DateTimeOffset now, ExecutorOptions? options = null)
    {
        var observed = await provider.ObserveAsync(CancellationToken.None);
        var plan = Planner.Plan(spec, observed, GpuCatalog.Default, now, Journal.StrandedIn(journals.Load(spec.Name), spec, observed));
        var executor = new PlanExecutor(provider, journals, options ?? Fast, TimeProvider.System, new Random(1).NextDouble);
        return await executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);
    }

    private static readonly DateTimeOffset StoreNight = new(2026, 11, 25, 23, 0, 0, TimeSpan.FromHours(-6));

    [Fact]
    public async Task Execute_ExampleStore_ConvergesAndASecondApplyHasNothingToDo()
    {
        var (provider, spec) = Setup(Example("worlds", "store-042.yaml"), Example("examples", "edge-store.yaml"));
        var journals = new InMemoryJournalStore();

        var first = await ApplyAsync(provider, spec, journals, StoreNight);
        var second = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, StoreNight);

        Assert.Equal(ExecutionStatus.Converged, first.Status);
        Assert.True(first.Executed > 0);
        Assert.Empty(second.Operations);
        Assert.Null(journals.Load(spec.Name));
    }

    [Fact]
    public async Task Execute_ExamplePoolCluster_Converges()
    {
        var (provider, spec) = Setup(Example("worlds", "ai-west.yaml"), Example("examples", "ai-pool-cluster.yaml"));
        var journals = new InMemoryJournalStore();

        var result = await ApplyAsync(provider, spec, journals, Scenario.Noon);

        Assert.True(result.Status == ExecutionStatus.Converged, $"{result.Executed} done, {result.NotRun} not run: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
    }

    [Fact]
    public async Task Execute_TransientFaultsAtRate03_ConvergeForEverySeed()
    {
        for (var seed = 1; seed <= 12; seed++)
        {
            var world = Example("worlds", "store-042.yaml").Replace("timeScale: 0", $"timeScale: 0\n    faults: {{ transientRate: 0.3, seed: {seed} }}", StringComparison.Ordinal);
            var (provider, spec) = Setup(world, Example("examples", "edge-store.yaml"), Path.Combine(_dir, $"s{seed}"));

            var result = await ApplyAsync(provider, spec, new InMemoryJournalStore(), StoreNight);

            Assert.True(result.Status == ExecutionStatus.Converged, $"seed {seed}: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
        }
    }

    [Fact]
    public async Task Execute_PermanentFailure_ReportsItAndStrandsNoVm()
    {
        const string g1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
        var (provider, spec) = Setup($$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{g1}}", partitionCount: 2 } ]
                  vms:
                    - { name: a, state: Running, gpuPartition: { gpu: "{{g1}}" } }
                    - { name: b, state: Running, gpuPartition: { gpu: "{{g1}}" } }
                    - { name: intruder, state: Off }
              behaviour: { timeScale: 0 }
            """, $$"""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { maxUnavailable: 2 }
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, locationPath: "{{g1}}", partitionCount: 4 } ] } ]
              vms:
                - { name: a, host: hv-01, gpu: { partition: {} } }
                - { name: b, host: hv-01, gpu: { partition: {} } }
            """);
        var observed = await provider.ObserveAsync(CancellationToken.None);
        var plan = Planner.Plan(spec, observed, GpuCatalog.Default, Scenario.Noon);

        // Behind the reconciler's back, an admin pins another VM to the GPU: the repartition must fail.
        await provider.AddPartitionAdapterAsync("hv-01", "intruder", g1, PartitionSettings.None, CancellationToken.None);
        var journals = new InMemoryJournalStore();
        var result = await new PlanExecutor(provider, journals, Fast, TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        var failure = Assert.Single(result.Failures, f => f.Kind == nameof(OperationKind.SetPartitionCount));
        Assert.Equal("hv-01", failure.Host);
        Assert.Contains("intruder", failure.Reason, StringComparison.Ordinal);
        var after = await provider.ObserveAsync(CancellationToken.None);
        Assert.Equal(VmPowerState.Running, after.Vm("a")!.State);
        Assert.Equal(VmPowerState.Running, after.Vm("b")!.State);
        Assert.NotNull(after.Vm("a")!.Partition);
        Assert.Null(journals.Load("lab"));
    }

    [Fact]
    public async Task Execute_CrashAtEveryOperationBoundary_NextRunConvergesAndRestoresPower() =>
        await CrashAtEveryBoundaryAsync(Example("worlds", "store-042.yaml"), Example("examples", "edge-store.yaml"), StoreNight, minOperations: 6);

    [Fact]
    public async Task Execute_CrashAtEveryBoundaryOfFailbackAndDrain_NextRunConvergesWithEveryVmWhereItBelongs()
    {
        const string g = "PCIROOT(0)#PCI(0100)#PCI(0000)";
        var world = $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{g}}", mode: partitioned, partitionCount: 4 } ]
                - name: hv-02
                  gpus: [ { model: NVIDIA A16, locationPath: "{{g}}", mode: partitioned, partitionCount: 4 } ]
                  vms:
                    - { name: vdi-01, state: Running, gpuPartition: {}, offlineAction: forceShutdown, failedOver: { from: hv-01 } }
                    - { name: vdi-02, state: Running, gpuPartition: { gpu: "{{g}}" }, offlineAction: forceShutdown, failedOver: { from: hv-01 } }
                - name: hv-03
                  gpus: [ { model: NVIDIA A16, locationPath: "{{g}}", mode: partitioned, partitionCount: 4 } ]
                  vms:
                    - { name: vdi-03, state: Running, gpuPartition: { gpu: "{{g}}" }, offlineAction: forceShutdown }
            """;
        var spec = """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              policy: { maxUnavailable: 1, failback: immediate }
              hosts:
                - { name: hv-01, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
                - { name: hv-02, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
                - { name: hv-03, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ], drain: true }
              vms:
                - { name: vdi-01, host: hv-01, gpu: { partition: { vram: 4GiB } } }
                - { name: vdi-02, host: hv-01, gpu: { partition: { vram: 4GiB } } }
                - { name: vdi-03, host: hv-03, gpu: { partition: { vram: 4GiB } } }
            """;

        var after = await CrashAtEveryBoundaryAsync(world, spec, Scenario.Noon, minOperations: 9);

        Assert.All(after, a => Assert.Equal(("hv-01", "hv-01", "hv-02"), (a.Vm("vdi-01")!.Host, a.Vm("vdi-02")!.Host, a.Vm("vdi-03")!.Host)));
    }

    /// <summary>Crashes the apply after each provider change in turn; the next run must converge with every running VM running.</summary>
    private async Task<List<ObservedCluster>> CrashAtEveryBoundaryAsync(string world, string specText, DateTimeOffset now, int minOperations)
    {
        var (probe, spec) = Setup(world, specText, Path.Combine(_dir, "probe"));
        var total = Planner.Plan(spec, await probe.ObserveAsync(CancellationToken.None), GpuCatalog.Default, now).Operations.Count;
        Assert.True(total >= minOperations, $"only {total} operations");
        var outcomes = new List<ObservedCluster>();

        for (var crashAfter = 0; crashAfter <= total; crashAfter++)
        {
            var (provider, _) = Setup(world, specText, Path.Combine(_dir, $"c{crashAfter}"));
            var before = await provider.ObserveAsync(CancellationToken.None);
            var journals = new InMemoryJournalStore();
            var crashing = new CrashingProvider(provider, crashAfter);
            var plan = Planner.Plan(spec, before, GpuCatalog.Default, now);
            await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await new PlanExecutor(crashing, journals, Fast, TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "rev-1", CancellationToken.None);
                throw new CrashException(); // ran to the end without reaching the crash point: count it as a crash at the end
            });

            var result = await ApplyAsync(provider, spec, journals, now);

            Assert.True(result.Status == ExecutionStatus.Converged, $"crash after {crashAfter}: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
            var after = await provider.ObserveAsync(CancellationToken.None);
            foreach (var vm in before.Vms.Where(v => v.State == VmPowerState.Running))
            {
                var intent = spec.Vms.FirstOrDefault(s => s.Name == vm.Name)?.Power ?? PowerIntent.Unmanaged;
                Assert.True(intent == PowerIntent.Off || after.Vm(vm.Name)!.State == VmPowerState.Running, $"crash after {crashAfter}: {vm.Name} was left {after.Vm(vm.Name)!.State}");
            }

            Assert.Null(journals.Load(spec.Name));
            outcomes.Add(after);
        }

        return outcomes;
    }

    private sealed class CrashException : Exception;

    /// <summary>A provider whose process "dies" (throws a non-provider exception) after a number of changes.</summary>
    private sealed class CrashingProvider(IClusterProvider inner, int changesBeforeCrash) : IClusterProvider
    {
        private int _changes;

        private async Task Change(Func<Task> call)
        {
            if (Interlocked.Increment(ref _changes) > changesBeforeCrash)
            {
                throw new CrashException();
            }

            await call();
        }

        public Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken) => inner.ObserveAsync(cancellationToken);

        public Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken ct) => Change(() => inner.ShutdownVmAsync(host, vm, timeout, ct));

        public Task TurnOffVmAsync(string host, string vm, CancellationToken ct) => Change(() => inner.TurnOffVmAsync(host, vm, ct));

        public Task StartVmAsync(string host, string vm, CancellationToken ct) => Change(() => inner.StartVmAsync(host, vm, ct));

        public Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken ct) => inner.GuestHealthAsync(host, vm, ct);

        public Task AddPartitionAdapterAsync(string host, string vm, string? gpu, PartitionSettings settings, CancellationToken ct) => Change(() => inner.AddPartitionAdapterAsync(host, vm, gpu, settings, ct));

        public Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken ct) => Change(() => inner.RemovePartitionAdapterAsync(host, vm, ct));

        public Task SetPartitionCountAsync(string host, string gpu, int count, CancellationToken ct) => Change(() => inner.SetPartitionCountAsync(host, gpu, count, ct));

        public Task DismountGpuAsync(string host, string gpu, CancellationToken ct) => Change(() => inner.DismountGpuAsync(host, gpu, ct));

        public Task MountGpuAsync(string host, string gpu, CancellationToken ct) => Change(() => inner.MountGpuAsync(host, gpu, ct));

        public Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => Change(() => inner.AddDdaDeviceAsync(host, vm, device, ct));

        public Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken ct) => Change(() => inner.RemoveDdaDeviceAsync(host, vm, device, ct));

        public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken ct) => Change(() => inner.SetMmioAsync(host, vm, low, high, ct));

        public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken ct) => Change(() => inner.SetAutomaticStopActionAsync(host, vm, action, ct));

        public Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken ct) => Change(() => inner.SetOfflineActionAsync(vm, action, ct));

        public Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken ct) => Change(() => inner.MoveVmAsync(vm, fromHost, toHost, ct));

        public Task CreatePoolAsync(string host, string pool, CancellationToken ct) => Change(() => inner.CreatePoolAsync(host, pool, ct));

        public Task AddGpuToPoolAsync(string host, string pool, string gpu, CancellationToken ct) => Change(() => inner.AddGpuToPoolAsync(host, pool, gpu, ct));

        public Task RemoveGpuFromPoolAsync(string host, string pool, string gpu, CancellationToken ct) => Change(() => inner.RemoveGpuFromPoolAsync(host, pool, gpu, ct));
    }
}
