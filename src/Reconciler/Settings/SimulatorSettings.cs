namespace Reconciler.Settings;

internal sealed class SimulatorSettings
{
    /// <summary>World files (kind SimulatedCluster); a cluster whose name matches a world's gets a simulator made from it.</summary>
    public string Worlds { get; set; } = "specs/worlds";

    /// <summary>Where simulated clusters keep their state (one directory per cluster); default: StateDirectory/sim.</summary>
    public string? Directory { get; set; }
}
