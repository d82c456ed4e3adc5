namespace Reconciler.Dashboard;

/// <summary>A cluster's state as the dashboard shows it, in the order a person should look at them.</summary>
internal enum HealthState
{
    /// <summary>The newest revision is invalid or untrusted: someone must fix the spec.</summary>
    Stalled,

    /// <summary>Observing or an operation failed; retried with backoff.</summary>
    Failed,

    /// <summary>Work remains that budget, capacity, conflict or hardware blocks: someone must act.</summary>
    Blocked,

    /// <summary>The cluster differs from its spec and nothing corrects it (alert mode).</summary>
    Drifted,

    /// <summary>Work remains that waits for a maintenance window; it starts on its own.</summary>
    Waiting,

    /// <summary>Not reconciled yet.</summary>
    Pending,

    Ready,
}
