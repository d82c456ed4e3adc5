using Reconciler.Providers;
using Reconciler.Testing.Contract;

namespace Reconciler.HyperV.Tests.Contract;

/// <summary>The Hyper-V provider passes the provider contract against the fake WinRM server.</summary>
public sealed class HyperVContractTests : ProviderContractTests, IAsyncLifetime
{
    private readonly List<FakeCluster> _clusters = [];

    protected override async Task<IClusterProvider> CreateAsync(string world)
    {
        var cluster = await FakeCluster.StartAsync(world, new Fake.FakeOptions { Time = GuestClock });
        _clusters.Add(cluster);
        return cluster.Provider;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }
    }
}
