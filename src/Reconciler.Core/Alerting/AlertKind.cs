namespace Reconciler.Alerting;

public enum AlertKind
{
    /// <summary>The cluster moved away from a revision it had matched (someone changed a host by hand).</summary>
    Drift,

    /// <summary>The newest revision is invalid; the last good one keeps running.</summary>
    Stalled,
}
