namespace Reconciler.Reconciliation;

/// <summary>The four conditions a cluster's status reports, in the manner of Kubernetes and Flux.</summary>
public enum ConditionType
{
    /// <summary>True when the cluster matches the last good revision and nothing is failing.</summary>
    Ready,

    /// <summary>True while a tick is working on the cluster.</summary>
    Reconciling,

    /// <summary>True when the newest revision is invalid or untrusted and the last good one keeps running.</summary>
    Stalled,

    /// <summary>True when the cluster differs from the spec it should match.</summary>
    Drifted,
}
