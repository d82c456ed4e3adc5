using Reconciler.Failover;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests;

/// <summary>A node failing and coming back, acted out by the simulator as a failover cluster does it.</summary>
public sealed class SimFailoverTests : IDisposable
{
    private const string A = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private const string B = "PCIROOT(0)#PCI(0200)#PCI(0000)";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 3, 10, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>
    /// hv-01 runs four clustered desktops on 4 GiB partitions (A16 split in 4), one that is not
    /// clustered, one DDA pool VM; hv-02 has room for two 4 GiB partitions and one pool GPU;
    /// hv-03 has only 8 GiB partitions (A16 split in 2).
    /// </summary>
    private const string World = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{A}}", mode: partitioned, partitionCount: 4 }
                - { model: NVIDIA L40S, locationPath: "{{B}}", mode: dda }
              vms:
                - { name: d-4, state: Running, gpuPartition: {}, offlineAction: forceShutdown }
                - { name: d-2, state: Running, gpuPartition: { gpu: "{{A}}" }, offlineAction: forceShutdown }
                - { name: d-3, state: Running, gpuPartition: {}, offlineAction: forceShutdown }
                - { name: loose, state: Running, gpuPartition: {} }
                - { name: infer, state: Running, ddaPool: { pool: p, count: 1 }, automaticStopAction: TurnOff, offlineAction: forceShutdown }
                - { name: off-1, state: Off, gpuPartition: {}, offlineAction: forceShutdown }
            - name: hv-02
              gpus:
                - { model: NVIDIA A16, locationPath: "{{A}}", mode: partitioned, partitionCount: 4 }
                - { model: NVIDIA L40S, locationPath: "{{B}}", mode: dda }
              vms:
                - { name: e-1, state: Running, gpuPartition: {}, offlineAction: forceShutdown }
                - { name: e-2, state: Running, gpuPartition: {}, offlineAction: forceShutdown }
            - name: hv-03
              gpus:
                - { model: NVIDIA A16, locationPath: "{{A}}", mode: partitioned, partitionCount: 2 }
          pools: [ { name: p, members: ["hv-01/{{B}}", "hv-02/{{B}}"] } ]
        """;

    private StateStore Init()
    {
        return SimulatedWorld.Init(_dir, World);
    }

    [Fact]
    public void FailHost_ClusteredVms_RestartWhereAPartitionOfTheSameSizeIsFree_InNameOrder()
    {
        var state = Init().Load();

        var outcome = SimFailover.FailHost(state, "hv-01", Now);

        // hv-02 has two free 4 GiB partitions: d-2 and d-3 take them (names in order); hv-03's 8 GiB partitions do not fit d-4.
        Assert.Equal(["d-2", "d-3", "infer"], outcome.Restarts.Select(r => r.Vm));
        Assert.All(outcome.Restarts, r => Assert.Equal("hv-02", r.To));
        Assert.Equal(
            [("d-4", StrandReasons.NoPartition(Spec.ByteSize.FromGiB(4))), ("loose", StrandReasons.NotClustered)],
            outcome.Stranded.Select(s => (s.Vm, s.Reason)));
        var cluster = Projection.Observe(state);
        Assert.Equal(HostState.Down, cluster.Host("hv-01")!.State);
        Assert.Equal(new FailedOver("hv-01", Now), cluster.Vm("d-2")!.FailedOver);
        Assert.Equal((VmPowerState.Running, "hv-02"), (cluster.Vm("d-3")!.State, cluster.Vm("d-3")!.Host));
        Assert.Equal(B, cluster.Vm("infer")!.DdaDevices.Single().LocationPath);
        Assert.All(cluster.Host("hv-01")!.Vms, v => Assert.Equal(VmPowerState.Off, v.State));
        Assert.Equal(["d-4", "loose", "off-1"], cluster.Host("hv-01")!.Vms.Select(v => v.Name).Order());
    }

    [Fact]
    public void FailHost_WhatTheSimulatorDoes_IsWhatTheCapacityReportPredicts()
    {
        var state = Init().Load();
        var predicted = Capacity.Of(Projection.Observe(state)).Hosts.Single(h => h.Host == "hv-01");

        var outcome = SimFailover.FailHost(state, "hv-01", Now);

        Assert.Equal(predicted.Restartable, outcome.Restarts.Select(r => r.Vm));
        Assert.Equal(predicted.Stranded, outcome.Stranded);
    }

    [Fact]
    public void RecoverHost_NodeComesBackEmptyHanded_FailedOverVmsStayWhereTheyRun()
    {
        var state = Init().Load();
        SimFailover.FailHost(state, "hv-01", Now);

        SimFailover.RecoverHost(state, "hv-01");

        var cluster = Projection.Observe(state);
        Assert.Equal(HostState.Up, cluster.Host("hv-01")!.State);
        Assert.Equal(2, cluster.Host("hv-01")!.Gpus.Count);
        Assert.Equal("hv-02", cluster.Vm("d-2")!.Host);
        Assert.Equal(VmPowerState.Off, cluster.Vm("d-4")!.State);
    }

    [Fact]
    public async Task Provider_OnADownHost_FailsTransiently_AndObservationStillWorks()
    {
        var store = Init();
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        await provider.FailHostAsync("hv-03", CancellationToken.None);

        var error = await Assert.ThrowsAsync<Providers.ProviderException>(() => provider.SetPartitionCountAsync("hv-03", A, 4, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Equal(HostState.Down, (await provider.ObserveAsync(CancellationToken.None)).Host("hv-03")!.State);
    }

    [Fact]
    public void World_DeclaresNodeStateAndVmsAlreadyFailedOver()
    {
        var world = """
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - name: hv-01
                  state: down
                  vms: [ { name: v-1, state: Off } ]
                - name: hv-02
                  vms: [ { name: v-2, state: Off, offlineAction: forceShutdown, failedOver: { from: hv-01, since: "2026-12-05T03:10:00Z" } } ]
            """;
        var store = SimulatedWorld.Init(_dir, world);

        var cluster = Projection.Observe(store.Load());
        Assert.Equal(HostState.Down, cluster.Host("hv-01")!.State);
        Assert.Equal(new FailedOver("hv-01", Now), cluster.Vm("v-2")!.FailedOver);
    }
}
