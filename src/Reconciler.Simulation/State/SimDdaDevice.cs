namespace Reconciler.Simulation.State;

public sealed class SimDdaDevice
{
    public string? LocationPath { get; set; }

    public string? Pool { get; set; }

    /// <summary>For a pool claim: the pool GPU the cluster gave the VM when it started.</summary>
    public string? ResolvedPath { get; set; }

    public string? Gpu => LocationPath ?? ResolvedPath;
}
