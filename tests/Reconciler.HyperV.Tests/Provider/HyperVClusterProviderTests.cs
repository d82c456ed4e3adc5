using Reconciler.HyperV.Fake;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>What the Hyper-V provider adds to the contract: bounded observation, standalone hosts, guests that ignore shutdown.</summary>
public sealed class HyperVClusterProviderTests
{
    [Fact]
    public async Task Observe_TakesAtMostEightRoundTripsPerHost_ForOneVmAsForSixtyFour()
    {
        await using var small = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 0));
        await using var large = await FakeCluster.StartAsync(Worlds.Lab(idleVms: 63));

        var (smallFirst, smallNext) = await RoundTripsAsync(small);
        var (largeFirst, largeNext) = await RoundTripsAsync(large);

        Assert.Equal(64, (await large.Provider.ObserveAsync(CancellationToken.None)).Hosts[0].Vms.Count);
        Assert.Equal(smallNext, largeNext);
        Assert.InRange(largeNext, 1, 8);

        // The first observation of a host also asks PnP once per GPU for its location path (two here).
        Assert.Equal(smallFirst, largeFirst);
        Assert.Equal(largeNext + 2, largeFirst);
    }

    private static async Task<(int First, int Next)> RoundTripsAsync(FakeCluster cluster)
    {
        await cluster.Provider.ObserveAsync(CancellationToken.None);
        var first = cluster.Server.Requests.Count;
        await cluster.Provider.ObserveAsync(CancellationToken.None);
        return (first, cluster.Server.Requests.Count - first);
    }

    [Fact]
    public async Task Observe_ReportsSettingsAsTheSimulatorDoes()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await cluster.Provider.SetMmioAsync("hv-01", "idle-1", ByteSize.FromGiB(3), ByteSize.FromGiB(33), CancellationToken.None);
        await cluster.Provider.SetAutomaticStopActionAsync("hv-01", "idle-1", AutomaticStopAction.TurnOff, CancellationToken.None);
        var settings = PartitionSettings.None with { MinVram = 1UL << 30, MaxVram = 8UL << 30, OptimalVram = 8UL << 30 };
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-2", Worlds.Gpu2, settings, CancellationToken.None);

        var viaWinRm = await cluster.Provider.ObserveAsync(CancellationToken.None);
        var direct = Reconciler.Simulation.Projection.Observe(cluster.Store.Load());

        Assert.Equal(direct.Vms, viaWinRm.Vms);
        Assert.Equal(direct.Pools, viaWinRm.Pools);
        Assert.Equal(direct.FailoverCluster, viaWinRm.FailoverCluster);
        Assert.Equal(settings, viaWinRm.Vm("idle-2")!.Partition!.Settings);
        Assert.True(viaWinRm.Vm("idle-2")!.Partition!.Pinned);
    }

    [Fact]
    public async Task StandaloneHosts_HaveNoClusterNamespace_SoOfflineActionFailsPermanently()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(failoverCluster: false));

        var observed = await cluster.Provider.ObserveAsync(CancellationToken.None);
        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.SetOfflineActionAsync("busy", OfflineAction.ForceShutdown, CancellationToken.None));

        Assert.False(observed.FailoverCluster);
        Assert.All(observed.Vms, v => Assert.Null(v.OfflineAction));
        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Contains("failover cluster", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shutdown_WhenTheGuestIgnoresIt_TimesOutAndLeavesTheVmRunning()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { GuestsIgnoreShutdown = true });

        // A zero timeout: the first look at the VM decides, no waiting on a clock.
        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.ShutdownTimedOut, error.Kind);
        Assert.Equal(VmPowerState.Running, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("busy")!.State);
    }

    [Fact]
    public async Task UnknownHost_FailsPermanentlyNamingTheSettings()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.StartVmAsync("hv-99", "busy", CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Contains("spec.hosts", error.Message, StringComparison.Ordinal);
    }
}
