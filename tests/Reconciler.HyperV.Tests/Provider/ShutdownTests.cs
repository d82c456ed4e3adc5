using Reconciler.HyperV.Fake;
using Reconciler.Observed;
using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>Guest shutdown is graceful (Force=false); what a guest answers decides between waiting, retrying and the onTimeout policy.</summary>
public sealed class ShutdownTests
{
    private static async Task<VmPowerState> StateAsync(FakeCluster cluster, string vm) =>
        (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm(vm)!.State;

    [Fact]
    public async Task Shutdown_AsksWithoutForce_SoALockedGuestIsLeftToTheTimeoutPolicy()
    {
        var options = new FakeOptions();
        options.LockedGuests.Add("busy");
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.ShutdownTimedOut, error.Kind);
        Assert.Equal("MachineLocked", error.Code);
        Assert.Equal(VmPowerState.Running, await StateAsync(cluster, "busy"));
        var request = cluster.Server.Requests.Single(r => r.Action.EndsWith("/InitiateShutdown", StringComparison.Ordinal));
        Assert.Equal("false", request.Body!.Elements().Single(e => e.Name.LocalName == "Force").Value);
    }

    [Fact]
    public async Task Shutdown_AlreadyInProgress_IsWaitedFor_NotAFailure()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { GuestsIgnoreShutdown = true });
        await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.Zero, CancellationToken.None));

        // The repeat gets 32782 from the host; it waits like the first and ends on the timeout policy.
        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.Zero, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.ShutdownTimedOut, error.Kind);
        Assert.Equal("ShutdownTimeout", error.Code);
    }

    [Fact]
    public async Task Shutdown_OfAGuestNotReady_FailsTransiently_AndTheRetryShutsItDown()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { GuestNotReadyTimes = 1 });

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(5), CancellationToken.None));
        await cluster.Provider.ShutdownVmAsync("hv-01", "busy", TimeSpan.FromMinutes(5), CancellationToken.None);

        Assert.Equal(ProviderErrorKind.Transient, error.Kind);
        Assert.Equal(VmPowerState.Off, await StateAsync(cluster, "busy"));
    }

    [Theory]
    [InlineData("Saved")]
    [InlineData("Paused")]
    public async Task Shutdown_OfASavedOrPausedVm_IsLeftToTheTimeoutPolicy_WithoutAskingTheGuest(string state)
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab().Replace("{ name: idle-1, state: Off }", $"{{ name: idle-1, state: {state} }}", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.ShutdownVmAsync("hv-01", "idle-1", TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Equal(ProviderErrorKind.ShutdownTimedOut, error.Kind);
        Assert.DoesNotContain(cluster.Server.Requests, r => r.Action.EndsWith("/InitiateShutdown", StringComparison.Ordinal));
        Assert.Equal(Enum.Parse<VmPowerState>(state), await StateAsync(cluster, "idle-1"));

        // onTimeout: turnOff then works from there.
        await cluster.Provider.TurnOffVmAsync("hv-01", "idle-1", CancellationToken.None);
        Assert.Equal(VmPowerState.Off, await StateAsync(cluster, "idle-1"));
    }
}
