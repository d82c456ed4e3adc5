using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Reconciliation;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

using Reconciler.Tests.Execution;

namespace Reconciler.Tests.Reconciliation;

public sealed class ClusterReconcilerTests : IDisposable
{
    private const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-tick-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string World = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 4 }
              vms:
                - { name: vdi-01, state: Running }
        """;

    private static DesiredRevision Desired(string mode) => new("abc123", DateTimeOffset.UnixEpoch, Assert.Single(SpecLoader.Load("lab.yaml", $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          policy: { mode: {{mode}} }
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA A16, partitionCount: 4 } ]
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: {} } }
        """).Clusters));

    private SimulatedClusterProvider Simulator()
    {
        var store = SimulatedLab.World(_dir, World);
        return new SimulatedClusterProvider(store, TimeProvider.System);
    }

    private static ClusterReconciler Tick(IClusterProvider provider) =>
        new(provider, new InMemoryJournalStore(), new ExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new Random(1).NextDouble);

    [Fact]
    public async Task Reconcile_AlertMode_ReportsTheDriftAndChangesNothing()
    {
        var provider = Simulator();

        var tick = await Tick(provider).ReconcileAsync(Desired("alert"), CancellationToken.None);

        Assert.Equal(TickOutcome.Drifted, tick.Outcome);
        Assert.Null(tick.Execution);
        Assert.Contains(tick.DriftBefore, d => d.Object == "vm/vdi-01");
        Assert.Equal(tick.DriftBefore, tick.DriftAfter);
        Assert.Null((await provider.ObserveAsync(CancellationToken.None)).Vm("vdi-01")!.Partition);
    }

    [Fact]
    public async Task Reconcile_AlertModeAfterAnInterruptedEnforceRun_StartsTheVmsThatRunStoppedAndChangesNothingElse()
    {
        // An enforce run stopped vdi-01 and died; the next revision switched the cluster to alert mode.
        var provider = Simulator();
        await provider.TurnOffVmAsync("hv-01", "vdi-01", CancellationToken.None);
        var journals = new InMemoryJournalStore();
        journals.Save(new Journal("lab", "abc000", DateTimeOffset.UnixEpoch, ["op-001"], [], []).Remembering(["vdi-01"]));
        var reconciler = new ClusterReconciler(provider, journals, new ExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new Random(1).NextDouble);

        var tick = await reconciler.ReconcileAsync(Desired("alert"), CancellationToken.None);

        var vm = (await provider.ObserveAsync(CancellationToken.None)).Vm("vdi-01")!;
        Assert.Equal(VmPowerState.Running, vm.State);
        Assert.Null(vm.Partition); // the spec's partition is still only reported, not applied
        Assert.Null(journals.Load("lab"));
        Assert.Equal(TickOutcome.Drifted, tick.Outcome);
        Assert.Contains(tick.DriftAfter, d => d.Object == "vm/vdi-01");
    }

    [Fact]
    public async Task Reconcile_EnforceMode_AppliesAndVerifiesAgainstAFreshObservation()
    {
        var provider = Simulator();

        var tick = await Tick(provider).ReconcileAsync(Desired("enforce"), CancellationToken.None);
        var again = await Tick(provider).ReconcileAsync(Desired("enforce"), CancellationToken.None);

        Assert.Equal(TickOutcome.Converged, tick.Outcome);
        Assert.NotEmpty(tick.DriftBefore);
        Assert.Empty(tick.DriftAfter);
        Assert.True(tick.Execution!.Executed > 0);
        var vm = (await provider.ObserveAsync(CancellationToken.None)).Vm("vdi-01")!;
        Assert.NotNull(vm.Partition);
        Assert.Equal(VmPowerState.Running, vm.State);
        Assert.Equal(TickOutcome.Converged, again.Outcome);
        Assert.Null(again.Execution);
    }

    [Theory]
    [InlineData(ProviderErrorKind.Transient)]
    [InlineData(ProviderErrorKind.Permanent)]
    public async Task Reconcile_HostUnreachable_IsAFailureTheLoopRetriesAfterABackoff(ProviderErrorKind kind)
    {
        var tick = await Tick(new Unreachable(kind)).ReconcileAsync(Desired("enforce"), CancellationToken.None);

        // Even a host that refuses for good today may be mended tomorrow; the backoff caps the cost (Outcome.Permanent).
        Assert.Equal(TickOutcome.Failed, tick.Outcome);
        Assert.Equal(Reconciler.LoopPolicy.OutcomeKind.Transient, Reconciler.LoopPolicy.Outcome.Of(tick, DateTimeOffset.UnixEpoch).Kind);
        Assert.Contains("could not be observed: hv-01 does not answer", tick.Message, StringComparison.Ordinal);
    }

    private sealed class Unreachable(ProviderErrorKind kind) : IClusterProvider
    {
        public Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken) => throw new ProviderException(kind, "hv-01 does not answer");

        public Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task StartVmAsync(string host, string vm, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddPartitionAdapterAsync(string host, string vm, string? gpuLocationPath, PartitionSettings settings, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SetPartitionCountAsync(string host, string gpuLocationPath, int partitionCount, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task DismountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CreatePoolAsync(string host, string pool, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AddGpuToPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RemoveGpuFromPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
