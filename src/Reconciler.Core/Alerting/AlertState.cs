namespace Reconciler.Alerting;

public enum AlertState
{
    Firing,
    Resolved,
}
