namespace Reconciler.Observed;

/// <summary>What Hyper-V does with a VM when the host shuts down (Set-VM -AutomaticStopAction).</summary>
public enum AutomaticStopAction
{
    TurnOff,
    Save,
    ShutDown,
}
