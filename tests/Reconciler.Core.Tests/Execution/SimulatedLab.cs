using Reconciler.Simulation.State;
using Reconciler.Spec;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests.Execution;

/// <summary>The setup of executor scenarios: a simulated world written in YAML, and the one-cluster spec to apply to it.</summary>
internal static class SimulatedLab
{
    /// <summary>Initialises the world in <paramref name="directory"/>; a world with an error fails the test.</summary>
    public static StateStore World(string directory, string yaml)
    {
        return SimulatedWorld.Init(directory, yaml);
    }

    public static ClusterSpec Spec(string yaml) => Assert.Single(SpecLoader.Load("spec.yaml", yaml).Clusters);
}
