using Reconciler.Observed;

namespace Reconciler.Simulation.State;

public sealed class SimPool
{
    public string Name { get; set; } = "";

    public List<string> Hosts { get; set; } = [];

    public List<PoolMember> Members { get; set; } = [];
}
