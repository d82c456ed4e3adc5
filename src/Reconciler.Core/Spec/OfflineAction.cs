namespace Reconciler.Spec;

/// <summary>The failover cluster's action when it takes a VM offline (OfflineAction 0-3).</summary>
public enum OfflineAction
{
    TurnOff = 0,
    Save = 1,
    Shutdown = 2,
    ForceShutdown = 3,
}
