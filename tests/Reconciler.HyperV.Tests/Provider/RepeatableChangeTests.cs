using Reconciler.HyperV.Fake;
using Reconciler.Observed;
using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>
/// The executor repeats a call that timed out or failed transiently; every change must be safe
/// to repeat: no second adapter, no failure because the first attempt already did it.
/// </summary>
public sealed class RepeatableChangeTests
{
    private static readonly PartitionSettings Settings = PartitionSettings.None with { MinVram = 1UL << 30, MaxVram = 8UL << 30, OptimalVram = 8UL << 30 };

    private static int Calls(FakeCluster cluster, string method) =>
        cluster.Server.Requests.Count(r => r.Action.EndsWith("/" + method, StringComparison.Ordinal));

    [Fact]
    public async Task AddAdapter_WhoseJobOutlivesTheCallTimeout_IsNotSentAgain_TheRepeatWaitsForTheJob()
    {
        var options = new FakeOptions { ApplyWhenJobEnds = true, JobRunningPolls = int.MaxValue / 2 };
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        // The executor's call timeout ends the first attempt while the host's job still runs.
        using (var callTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, callTimeout.Token));
        }

        Assert.Null((await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition);

        // The job then finishes; the retry must wait for it, not add a second adapter.
        options.JobRunningPolls = 0;
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "AddResourceSettings"));
        var adapter = (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition;
        Assert.Equal(Settings, adapter!.Settings);
        Assert.Equal(Worlds.Gpu2, adapter.GpuLocationPath);
    }

    [Fact]
    public async Task AddAdapter_PastTheJobTimeout_IsInDoubt_TheRepeatWaitsForTheStillRunningJobInsteadOfResending()
    {
        var options = new FakeOptions { ApplyWhenJobEnds = true, JobRunningPolls = int.MaxValue / 2 };
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);
        var provider = WithJobTimeout(cluster, "50ms");

        var error = await Assert.ThrowsAsync<ProviderException>(() => provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None));
        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal("JobTimeout", error.Code);

        options.JobRunningPolls = 0;
        await provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "AddResourceSettings"));
        Assert.Equal(Settings, (await provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition!.Settings);
    }

    [Fact]
    public async Task AddAdapter_PastTheJobTimeout_ButDoneOnTheHost_Succeeds()
    {
        // Changes apply at the call here: the job only reports late.
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { JobRunningPolls = int.MaxValue / 2 });
        var provider = WithJobTimeout(cluster, "50ms");

        await provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "AddResourceSettings"));
    }

    private static IClusterProvider WithJobTimeout(FakeCluster cluster, string timeout)
    {
        File.WriteAllText(cluster.SettingsPath, File.ReadAllText(cluster.SettingsPath).Replace("    jobPoll: 1ms", $"    jobPoll: 1ms\n    job: {timeout}", StringComparison.Ordinal));
        return HyperVTarget.Open(cluster.SettingsPath);
    }

    [Fact]
    public async Task AddAdapter_ThatIsAlreadyThere_SendsNothing()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "AddResourceSettings"));
    }

    [Fact]
    public async Task AddAdapter_WhenTheVmHoldsOneWithOtherSettings_FailsPermanentlyRatherThanAddingASecond()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings, CancellationToken.None);

        var error = await Assert.ThrowsAsync<ProviderException>(() =>
            cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", Worlds.Gpu2, Settings with { MinVram = 2UL << 30 }, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Equal("AdapterExists", error.Code);
        Assert.Equal(1, Calls(cluster, "AddResourceSettings"));
    }

    [Fact]
    public async Task RemoveAdapter_WhoseReplyIsLost_Succeeds()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", null, Settings, CancellationToken.None);
        cluster.Server.Options.LoseReplyTo.Enqueue("RemoveResourceSettings");

        await cluster.Provider.RemovePartitionAdapterAsync("hv-01", "idle-1", CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "RemoveResourceSettings"));
        Assert.Null((await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition);
    }

    [Fact]
    public async Task RemoveAdapter_RepeatedAfterTheCallTimedOutMidJob_FindsItDone()
    {
        var options = new FakeOptions { JobRunningPolls = int.MaxValue / 2 };
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);
        options.JobRunningPolls = 0;
        await cluster.Provider.AddPartitionAdapterAsync("hv-01", "idle-1", null, Settings, CancellationToken.None);
        options.JobRunningPolls = int.MaxValue / 2;

        using (var callTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cluster.Provider.RemovePartitionAdapterAsync("hv-01", "idle-1", callTimeout.Token));
        }

        options.JobRunningPolls = 0;
        await cluster.Provider.RemovePartitionAdapterAsync("hv-01", "idle-1", CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "RemoveResourceSettings"));
        Assert.Null((await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.Partition);
    }

    [Fact]
    public async Task Start_WhoseReplyIsLost_SucceedsAndStartingARunningVmIsDone()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());
        cluster.Server.Options.LoseReplyTo.Enqueue("RequestStateChange");

        await cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);
        await cluster.Provider.StartVmAsync("hv-01", "idle-1", CancellationToken.None);
        await cluster.Provider.StartVmAsync("hv-01", "busy", CancellationToken.None);

        Assert.Equal(1, Calls(cluster, "RequestStateChange"));
        Assert.Equal(VmPowerState.Running, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("idle-1")!.State);
    }
}
