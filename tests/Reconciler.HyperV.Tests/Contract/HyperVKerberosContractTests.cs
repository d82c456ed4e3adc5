using Reconciler.HyperV.Tests.Kerberos;
using Reconciler.Providers;
using Reconciler.Testing.Contract;

namespace Reconciler.HyperV.Tests.Contract;

/// <summary>
/// The provider contract over WinRM as hosts come: HTTP, Kerberos tickets from a real MIT KDC,
/// every message encrypted with the Kerberos session (the fake refuses readable bodies).
/// </summary>
public sealed class HyperVKerberosContractTests : ProviderContractTests, IAsyncLifetime
{
    private readonly List<FakeCluster> _clusters = [];

    protected override async Task<IClusterProvider> CreateAsync(string world)
    {
        var options = NegotiateFake.Options();
        options.Time = GuestClock;
        var cluster = await FakeCluster.StartAsync(world, options, auth: "kerberos");
        _clusters.Add(cluster);
        return cluster.Provider;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            // Every handshake of the suite settled on Kerberos, none on NTLM.
            Assert.All(cluster.Server.Authenticator.Packages, p => Assert.Equal("Kerberos", p));
            await cluster.DisposeAsync();
        }
    }
}
