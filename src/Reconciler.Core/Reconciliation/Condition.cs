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

/// <param name="Reason">A stable CamelCase word for scripts (e.g. <c>InvalidRevision</c>).</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="LastTransition">When <see cref="Status"/> last changed.</param>
public sealed record Condition(ConditionType Type, bool Status, string Reason, string Message, DateTimeOffset LastTransition);
