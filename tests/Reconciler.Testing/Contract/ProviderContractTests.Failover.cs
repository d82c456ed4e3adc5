using Reconciler.Observed;
using Reconciler.Providers;

namespace Reconciler.Testing.Contract;

/// <summary>The failover cluster's part of the contract: node state in observation, and the offline move of a VM's role.</summary>
public abstract partial class ProviderContractTests
{
    /// <summary>Three nodes: hv-01 up with a running clustered VM and an off one, hv-02 up and empty, hv-03 paused, hv-04 down.</summary>
    protected const string ClusterWorld = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
              vms:
                - { name: busy, state: Running, gpuPartition: {}, offlineAction: forceShutdown }
                - { name: idle, state: Off, gpuPartition: { gpu: "{{Gpu1}}" }, offlineAction: forceShutdown }
                - { name: loose, state: Off }
            - name: hv-02
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
            - name: hv-03
              state: paused
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
            - name: hv-04
              state: down
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
        """;

    [Fact]
    public async Task Observe_ReportsEachNodesState_AndADownNodeDoesNotFailTheObservation()
    {
        var provider = await CreateAsync(ClusterWorld);

        var cluster = await provider.ObserveAsync(None);

        Assert.Equal(HostState.Up, cluster.Host("hv-01")!.State);
        Assert.Equal(HostState.Paused, cluster.Host("hv-03")!.State);
        var down = cluster.Host("hv-04")!;
        Assert.Equal(HostState.Down, down.State);
        Assert.Empty(down.Gpus);
        Assert.Equal(VmPowerState.Running, cluster.Vm("busy")!.State);
        Assert.Single(cluster.Host("hv-03")!.Gpus);
    }

    [Fact]
    public async Task MoveVm_OffClusteredVm_ItsRoleIsOwnedByTheTargetNode()
    {
        var provider = await CreateAsync(ClusterWorld);

        await provider.MoveVmAsync("idle", "hv-01", "hv-02", None);

        var cluster = await provider.ObserveAsync(None);
        Assert.Equal("hv-02", cluster.Vm("idle")!.Host);
        Assert.Null(cluster.Host("hv-01")!.Vms.FirstOrDefault(v => v.Name == "idle"));
        Assert.NotNull(cluster.Vm("idle")!.Partition); // its configuration goes with it
    }

    [Fact]
    public async Task MoveVm_RunningGpuVm_FailsPermanently_BecauseItCannotLiveMigrate()
    {
        var provider = await CreateAsync(ClusterWorld);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.MoveVmAsync("busy", "hv-01", "hv-02", None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("hv-01", (await provider.ObserveAsync(None)).Vm("busy")!.Host);
    }

    [Fact]
    public async Task MoveVm_ToAPausedNode_FailsPermanently()
    {
        var provider = await CreateAsync(ClusterWorld);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.MoveVmAsync("idle", "hv-01", "hv-03", None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task MoveVm_NotClusteredVm_FailsPermanently()
    {
        var provider = await CreateAsync(ClusterWorld);

        await Assert.ThrowsAsync<ProviderException>(() => provider.MoveVmAsync("loose", "hv-01", "hv-02", None));

        Assert.Equal("hv-01", (await provider.ObserveAsync(None)).Vm("loose")!.Host);
    }
}
