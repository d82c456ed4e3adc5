using System.CommandLine;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Cli;

/// <summary>The <c>--sim DIR</c> target: a simulated cluster whose state lives in DIR.</summary>
internal static class SimTarget
{
    public static Option<string> Option() => new("--sim")
    {
        Description = $"Directory of the simulated cluster's state (default {Simulator.DefaultDirectory})",
        DefaultValueFactory = _ => Simulator.DefaultDirectory,
    };

    public static SimulatedClusterProvider Open(string directory)
    {
        var store = new StateStore(directory);
        if (!store.Exists)
        {
            throw new UsageException($"no simulated cluster in {directory}; create one with: reconciler sim init WORLD --sim {directory}");
        }

        return new SimulatedClusterProvider(store, TimeProvider.System);
    }
}
