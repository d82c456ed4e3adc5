using Reconciler.Catalog;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Testing.Worlds;

/// <summary>Simulated hardware for a test: a world file's text made into the simulator's state on disk.</summary>
public static class SimulatedWorld
{
    /// <summary>
    /// Initialises <paramref name="yaml"/> in <paramref name="directory"/> with the default GPU
    /// catalog; a world with an error fails the test, naming the error.
    /// </summary>
    public static StateStore Init(string directory, string yaml, string fileName = "world.yaml")
    {
        var store = new StateStore(directory);
        var errors = Simulator.Init(store, fileName, yaml, GpuCatalog.Default).Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 0, "the test's world has errors:\n" + string.Join('\n', errors));
        return store;
    }

    /// <summary>A provider over a freshly initialised world (latencies wait on <paramref name="time"/>, the system clock by default).</summary>
    public static SimulatedClusterProvider Provider(string directory, string yaml, TimeProvider? time = null) =>
        new(Init(directory, yaml), time ?? TimeProvider.System);
}
