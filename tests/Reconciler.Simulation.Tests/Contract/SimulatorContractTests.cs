using Reconciler.Providers;
using Reconciler.Testing.Contract;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests.Contract;

/// <summary>The simulator passes the provider contract.</summary>
public sealed class SimulatorContractTests : ProviderContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    protected override Task<IClusterProvider> CreateAsync(string world)
    {
        return Task.FromResult<IClusterProvider>(SimulatedWorld.Provider(_dir, world, GuestClock));
    }
}
