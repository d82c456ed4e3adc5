using Reconciler.HyperV.Fake;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Providers;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>Dismounting for DDA requires the host's isolation checks unless the connection settings say forceDismount.</summary>
public sealed class DismountTests
{
    [Fact]
    public async Task Dismount_ByDefault_RequiresMitigations_SoAGpuWithoutTheDriverIsRefused()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { NoMitigationDriver = true });

        var error = await Assert.ThrowsAsync<ProviderException>(() => cluster.Provider.DismountGpuAsync("hv-01", Worlds.Gpu2, CancellationToken.None));

        Assert.Equal(ProviderErrorKind.Permanent, error.Kind);
        Assert.Contains("-Force", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dismount_WithForceDismount_SendsBothChecksFalse_AsTheCmdletsForce()
    {
        await using var cluster = await FakeCluster.StartAsync(Worlds.Lab(), new FakeOptions { NoMitigationDriver = true }, "  dda: { forceDismount: true }");

        await cluster.Provider.DismountGpuAsync("hv-01", Worlds.Gpu2, CancellationToken.None);

        var request = cluster.Server.Requests.Single(r => r.Action.EndsWith("/DismountAssignableDevice", StringComparison.Ordinal));
        var settings = CimXmlInstance.TryParse(request.Body!.Elements().Single().Value)!;
        Assert.Equal("false", settings.Value("RequireAcsSupport"));
        Assert.Equal("false", settings.Value("RequireDeviceMitigations"));
        Assert.Equal(GpuStatus.Dismounted, (await cluster.Provider.ObserveAsync(CancellationToken.None)).Hosts[0].Gpus.Single(g => g.LocationPath == Worlds.Gpu2).Status);
    }
}
