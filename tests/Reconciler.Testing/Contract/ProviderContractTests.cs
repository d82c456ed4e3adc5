using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Testing.Contract;

/// <summary>
/// What every provider must do, checked through the port alone. A provider's test class derives
/// from this and says how to stand up a cluster from a world file: the simulator now, the
/// Hyper-V provider against its fake WinRM server later.
/// </summary>
public abstract partial class ProviderContractTests
{
    protected const string Gpu1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    protected const string Gpu2 = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    /// <summary>One host with two A16 GPUs split in 2, a running VM with a partition pinned to GPU 1, and two VMs that are off.</summary>
    protected const string World = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu1}}", mode: partitioned, partitionCount: 2 }
                - { model: NVIDIA A16, locationPath: "{{Gpu2}}", mode: partitioned, partitionCount: 2 }
              vms:
                - { name: busy, state: Running, gpuPartition: { gpu: "{{Gpu1}}" } }
                - { name: idle, state: Off }
                - { name: spare, state: Off }
        """;

    protected abstract Task<IClusterProvider> CreateAsync(string world);

    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Observe_ReportsGpusVmsAndWhereEachPartitionIs()
    {
        var provider = await CreateAsync(World);

        var cluster = await provider.ObserveAsync(None);

        var host = Assert.Single(cluster.Hosts);
        Assert.Equal(2, host.Gpus.Count);
        var gpu = host.Gpu(Gpu1)!;
        Assert.Equal(GpuStatus.Partitioned, gpu.Status);
        Assert.Equal(2, gpu.PartitionCount);
        Assert.Equal(new[] { 1, 2, 4, 8, 16 }, gpu.ValidPartitionCounts);
        Assert.Equal(ByteSize.FromGiB(8), gpu.PartitionVram);
        Assert.True(gpu.Capacity.Vram.Available < gpu.Capacity.Vram.Total);
        var busy = cluster.Vm("busy")!;
        Assert.Equal(VmPowerState.Running, busy.State);
        Assert.Equal(Gpu1, busy.Partition!.GpuLocationPath);
        Assert.Null(cluster.Vm("idle")!.Partition);
    }

    [Fact]
    public async Task AddPartitionAdapter_ToRunningVm_FailsPermanently()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.AddPartitionAdapterAsync("hv-01", "busy", null, PartitionSettings.None, None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task AddPartitionAdapter_ToOffVm_ResolvesToAGpuWhenItStarts()
    {
        var provider = await CreateAsync(World);

        await provider.AddPartitionAdapterAsync("hv-01", "idle", null, PartitionSettings.None, None);
        await provider.StartVmAsync("hv-01", "idle", None);

        var idle = (await provider.ObserveAsync(None)).Vm("idle")!;
        Assert.Equal(VmPowerState.Running, idle.State);
        Assert.NotNull(idle.Partition!.GpuLocationPath);
    }

    [Fact]
    public async Task RemovePartitionAdapter_WhenNone_FailsPermanently()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.RemovePartitionAdapterAsync("hv-01", "idle", None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task SetPartitionCount_WhilePartitionAssigned_FailsAndKeepsTheCount()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.SetPartitionCountAsync("hv-01", Gpu1, 4, None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal(2, (await provider.ObserveAsync(None)).Hosts[0].Gpu(Gpu1)!.PartitionCount);
    }

    [Fact]
    public async Task SetPartitionCount_AfterUnassigning_Succeeds()
    {
        var provider = await CreateAsync(World);

        await provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(5), None);
        await provider.RemovePartitionAdapterAsync("hv-01", "busy", None);
        await provider.SetPartitionCountAsync("hv-01", Gpu1, 4, None);

        Assert.Equal(4, (await provider.ObserveAsync(None)).Hosts[0].Gpu(Gpu1)!.PartitionCount);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(32)]
    public async Task SetPartitionCount_NotAmongValidCounts_FailsPermanently(int count)
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.SetPartitionCountAsync("hv-01", Gpu2, count, None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task Start_WithNoFreePartition_FailsWithInsufficientResources()
    {
        var provider = await CreateAsync(World);
        await provider.AddPartitionAdapterAsync("hv-01", "idle", Gpu1, PartitionSettings.None, None);
        await provider.AddPartitionAdapterAsync("hv-01", "spare", Gpu1, PartitionSettings.None, None);
        await provider.StartVmAsync("hv-01", "idle", None);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.StartVmAsync("hv-01", "spare", None));

        Assert.Contains("Insufficient system resources", error.Message, StringComparison.Ordinal);
        Assert.Equal(VmPowerState.Off, (await provider.ObserveAsync(None)).Vm("spare")!.State);
    }

    [Fact]
    public async Task Dismount_GpuWithAssignedPartitions_FailsPermanently()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.DismountGpuAsync("hv-01", Gpu1, None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task AddDdaDevice_GpuNotDismounted_FailsPermanently()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.AddDdaDeviceAsync("hv-01", "idle", new DdaDevice(Gpu2, null), None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }

    [Fact]
    public async Task Dda_DismountAssignStart_PassesTheGpuThrough()
    {
        var provider = await CreateAsync(World);

        await provider.DismountGpuAsync("hv-01", Gpu2, None);
        await provider.SetAutomaticStopActionAsync("hv-01", "idle", AutomaticStopAction.TurnOff, None);
        await provider.SetMmioAsync("hv-01", "idle", ByteSize.FromGiB(3), ByteSize.FromGiB(33), None);
        await provider.AddDdaDeviceAsync("hv-01", "idle", new DdaDevice(Gpu2, null), None);
        await provider.StartVmAsync("hv-01", "idle", None);

        var cluster = await provider.ObserveAsync(None);
        Assert.Equal(GpuStatus.Dismounted, cluster.Hosts[0].Gpu(Gpu2)!.Status);
        var idle = cluster.Vm("idle")!;
        Assert.Equal(VmPowerState.Running, idle.State);
        Assert.Equal(Gpu2, Assert.Single(idle.DdaDevices).LocationPath);
        Assert.Equal(AutomaticStopAction.TurnOff, idle.AutomaticStopAction);
        Assert.Equal(new VmMmio(ByteSize.FromGiB(3), ByteSize.FromGiB(33)), idle.Mmio);
        await Assert.ThrowsAsync<ProviderException>(() => provider.MountGpuAsync("hv-01", Gpu2, None));
    }

    [Fact]
    public async Task Mount_ReturnsAnUnassignedGpuToTheHost()
    {
        var provider = await CreateAsync(World);

        await provider.DismountGpuAsync("hv-01", Gpu2, None);
        await provider.MountGpuAsync("hv-01", Gpu2, None);

        Assert.Equal(GpuStatus.Partitioned, (await provider.ObserveAsync(None)).Hosts[0].Gpu(Gpu2)!.Status);
    }

    [Fact]
    public async Task Pool_VmClaimingAPoolGpu_GetsOneAtStart()
    {
        var provider = await CreateAsync(World);

        await provider.DismountGpuAsync("hv-01", Gpu2, None);
        await provider.CreatePoolAsync("hv-01", "inference", None);
        await provider.AddGpuToPoolAsync("hv-01", "inference", Gpu2, None);
        await provider.AddDdaDeviceAsync("hv-01", "idle", new DdaDevice(null, "inference"), None);
        await provider.StartVmAsync("hv-01", "idle", None);

        var cluster = await provider.ObserveAsync(None);
        var pool = Assert.Single(cluster.Pools);
        Assert.Equal("inference", pool.Name);
        Assert.Equal(new PoolMember("hv-01", Gpu2), Assert.Single(pool.Members));
        Assert.Equal(VmPowerState.Running, cluster.Vm("idle")!.State);
        await Assert.ThrowsAsync<ProviderException>(() => provider.AddDdaDeviceAsync("hv-01", "spare", new DdaDevice(null, "nope"), None));
    }

    [Fact]
    public async Task ShutdownAndTurnOff_LeaveTheVmOff_AndRepeatingIsHarmless()
    {
        var provider = await CreateAsync(World);

        await provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(5), None);
        await provider.TurnOffVmAsync("hv-01", "busy", None);
        await provider.StartVmAsync("hv-01", "busy", None);
        await provider.StartVmAsync("hv-01", "busy", None);

        Assert.Equal(VmPowerState.Running, (await provider.ObserveAsync(None)).Vm("busy")!.State);
    }

    [Fact]
    public async Task SetOfflineAction_IsReportedOnTheVm()
    {
        var provider = await CreateAsync(World);

        await provider.SetOfflineActionAsync("busy", OfflineAction.ForceShutdown, None);

        Assert.Equal(OfflineAction.ForceShutdown, (await provider.ObserveAsync(None)).Vm("busy")!.OfflineAction);
    }

    [Fact]
    public async Task UnknownVm_FailsPermanently()
    {
        var provider = await CreateAsync(World);

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.StartVmAsync("hv-01", "ghost", None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
    }
}
