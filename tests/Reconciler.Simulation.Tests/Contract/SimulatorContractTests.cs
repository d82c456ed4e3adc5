using Reconciler.Catalog;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Testing.Contract;

namespace Reconciler.Tests.Contract;

/// <summary>The simulator passes the provider contract.</summary>
public sealed class SimulatorContractTests : ProviderContractTests, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    protected override Task<IClusterProvider> CreateAsync(string world)
    {
        var store = new StateStore(_dir);
        var findings = Simulator.Init(store, "world.yaml", world, GpuCatalog.Default);
        Assert.DoesNotContain(findings, d => d.IsError);
        return Task.FromResult<IClusterProvider>(new SimulatedClusterProvider(store, GuestClock));
    }
}
