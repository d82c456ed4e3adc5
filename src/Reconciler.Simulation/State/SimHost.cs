using Reconciler.Observed;

namespace Reconciler.Simulation.State;

public sealed class SimHost
{
    public string Name { get; set; } = "";

    public string? Driver { get; set; }

    /// <summary>Up, Paused or Down, as the failover cluster reports the node.</summary>
    public HostState State { get; set; } = HostState.Up;

    public List<SimGpu> Gpus { get; set; } = [];

    public List<SimVm> Vms { get; set; } = [];

    public SimGpu? Gpu(string locationPath) => Gpus.Find(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase));

    public SimVm? Vm(string name) => Vms.Find(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}
