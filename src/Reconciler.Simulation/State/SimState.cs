namespace Reconciler.Simulation.State;

/// <summary>
/// The whole simulated cluster as it is stored on disk (state.json). Mutable on purpose: one
/// operation loads it, changes it under the platform's rules, and writes it back atomically.
/// </summary>
public sealed class SimState
{
    public string Name { get; set; } = "";

    public bool FailoverCluster { get; set; }

    public List<SimHost> Hosts { get; set; } = [];

    public List<SimPool> Pools { get; set; } = [];

    public SimBehaviour Behaviour { get; set; } = new();

    /// <summary>Operations performed so far; seeds the fault and guest dice so runs replay exactly.</summary>
    public long Operations { get; set; }

    public SimHost? Host(string name) => Hosts.Find(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<SimVm> Vms => Hosts.SelectMany(h => h.Vms);
}
