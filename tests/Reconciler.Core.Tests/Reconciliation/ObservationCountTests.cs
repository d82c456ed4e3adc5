using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Reconciliation;
using Reconciler.Simulation;
using Reconciler.Spec;
using Reconciler.Tests.Execution;

namespace Reconciler.Tests.Reconciliation;

/// <summary>
/// How often one enforce tick with changes observes the cluster (an observation is the costly
/// call on a real host: a handful of WS-Management enumerations per host). docs/performance.md
/// states the figure; issue 18 removed the observations that only repeated one just made.
/// </summary>
public sealed class ObservationCountTests : IDisposable
{
    private const string Gpu = "PCIROOT(0)#PCI(0200)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-observations-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Counts observations and passes everything on to the simulator.</summary>
    private sealed class CountingProvider(IClusterProvider inner) : ForwardingProvider(inner)
    {
        private int _observations;

        public int Observations => _observations;

        public override Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _observations);
            return base.ObserveAsync(cancellationToken);
        }
    }

    [Fact]
    public async Task Reconcile_EnforceTickGivingOneRunningVmAPartition_ObservesEightTimes()
    {
        // Three operations on one host, one after the other: StopVm, AddPartitionAdapter, StartVm.
        var store = SimulatedLab.World(_dir, $$"""
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
            """);
        var provider = new CountingProvider(new SimulatedClusterProvider(store, TimeProvider.System));
        var spec = SimulatedLab.Spec("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, partitionCount: 4 } ]
              vms:
                - { name: vdi-01, host: hv-01, gpu: { partition: {} } }
            """);
        var reconciler = new ClusterReconciler(provider, new InMemoryJournalStore(), new ExecutorOptions { RetryDelay = TimeSpan.FromMilliseconds(1) }, TimeProvider.System, new Random(1).NextDouble);

        var tick = await reconciler.ReconcileAsync(new DesiredRevision("abc123", DateTimeOffset.UnixEpoch, spec), CancellationToken.None);

        Assert.Equal(TickOutcome.Converged, tick.Outcome);
        Assert.Equal(3, tick.Execution!.Executed);
        // One to diff, one per batch of ready operations (3), one per operation to check it took
        // effect (3), one after the run that both restores and verifies from. Before issue 18: 11.
        Assert.Equal(8, provider.Observations);
    }
}
