namespace Reconciler.Spec;

public enum ShutdownTimeoutAction
{
    /// <summary>Hard power off after the timeout.</summary>
    TurnOff,

    /// <summary>Leave the VM running and fail the change.</summary>
    Abort,
}
