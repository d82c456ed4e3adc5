namespace Reconciler.Reconciliation;

/// <summary>
/// The stable words of status conditions and loop outcomes (the <c>reason</c> fields of
/// /api/v1/clusters, the log lines, docs/service.md's table): one place, so scripts and alert
/// rules can rely on them. Tick outcomes add their own names: <c>Drifted</c>, <c>Blocked</c>, <c>Failed</c>.
/// </summary>
public static class Reason
{
    /// <summary>Reconciling is True: a tick is working on the cluster.</summary>
    public const string Progressing = "Progressing";

    /// <summary>Ready is True: the cluster matches its revision.</summary>
    public const string Converged = "Converged";

    /// <summary>Drifted is False: nothing differs from the spec.</summary>
    public const string InSync = "InSync";

    /// <summary>Drifted is True in <c>policy.mode: alert</c>: the drift is reported and left alone.</summary>
    public const string AlertMode = "AlertMode";

    /// <summary>Stalled is False: the newest revision of the cluster's spec is in use.</summary>
    public const string RevisionValid = "RevisionValid";

    /// <summary>Stalled: a file of the newest revision has errors; the clusters it defined stay on their last good revision.</summary>
    public const string InvalidRevision = "InvalidRevision";

    /// <summary>Stalled: the newest revision is not signed by a trusted key; every cluster stays on its last good revision.</summary>
    public const string UntrustedRevision = "UntrustedRevision";

    /// <summary>Stalled: the newest revision holds no cluster spec under the source path.</summary>
    public const string NoSpecs = "NoSpecs";

    /// <summary>Ready is False and the loop waits for a change: no provider can serve the cluster (settings or world missing).</summary>
    public const string NoProvider = "NoProvider";

    /// <summary>Blocked until a maintenance window opens: the loop wakes at its start.</summary>
    public const string MaintenanceWindow = "MaintenanceWindow";

    /// <summary>The tick failed (observing, or an operation): retried after a backoff.</summary>
    public const string Failed = "Failed";

    /// <summary>The tick crashed on a bug: retried after a backoff, the error logged with its stack.</summary>
    public const string InternalError = "InternalError";
}
