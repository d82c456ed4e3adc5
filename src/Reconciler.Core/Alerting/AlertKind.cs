namespace Reconciler.Alerting;

public enum AlertKind
{
    /// <summary>The cluster moved away from a revision it had matched (someone changed a host by hand).</summary>
    Drift,

    /// <summary>The newest revision is invalid; the last good one keeps running.</summary>
    Stalled,

    /// <summary>
    /// A step of applying the spec failed: an operation, or a guest that did not come back after a
    /// start (the guest health gate). One per failed step; resolved when a later run has no failure there.
    /// </summary>
    Failed,
}
