using Reconciler.HyperV.Fake;
using Reconciler.Observed;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>
/// Guest health from Msvm_HeartbeatComponent: the heartbeat's OperationalStatus and EnabledState
/// as the provider reads them over WinRM (beyond the contract: states only a real host shows).
/// </summary>
public sealed class GuestHealthTests
{
    [Fact]
    public async Task GuestHealth_HeartbeatServiceTurnedOff_IsNotMonitored_SoTheGateDoesNotWaitForIt()
    {
        var options = new FakeOptions();
        options.HeartbeatDisabled.Add("busy");
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var health = await cluster.Provider.GuestHealthAsync("hv-01", "busy", CancellationToken.None);

        Assert.Equal(GuestHealth.NotMonitored, health);
        Assert.True(health.IsUp());
    }

    [Fact]
    public async Task GuestHealth_GuestStoppedAnswering_IsLostCommunication_AndNotUp()
    {
        var options = new FakeOptions();
        options.LostCommunication.Add("busy");
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), options);

        var health = await cluster.Provider.GuestHealthAsync("hv-01", "busy", CancellationToken.None);

        Assert.Equal(GuestHealth.LostCommunication, health);
        Assert.False(health.IsUp());
    }

    [Fact]
    public async Task GuestHealth_AsksForTheVmsOwnHeartbeatComponent_BySystemName()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab());

        await cluster.Provider.GuestHealthAsync("hv-01", "busy", CancellationToken.None);

        var query = cluster.Server.Requests.Select(r => r.Body?.Value ?? "").Single(b => b.Contains("Msvm_HeartbeatComponent", StringComparison.Ordinal));
        Assert.Contains($"SystemName = '{FakeIds.Vm("busy")}'", query, StringComparison.Ordinal);
    }
}
