namespace Reconciler.Settings;

internal sealed class ClusterSettings
{
    /// <summary>State directory of an existing simulated cluster (made with reconciler sim init).</summary>
    public string? Simulator { get; set; }

    /// <summary>Connection settings file for real Hyper-V hosts (docs/hyperv.md).</summary>
    public string? HyperV { get; set; }
}
