namespace Reconciler.Observed;

/// <summary>VM power states as Get-VM reports them.</summary>
public enum VmPowerState
{
    Off,
    Running,
    Saved,
    Paused,
    Starting,
    Stopping,
}
