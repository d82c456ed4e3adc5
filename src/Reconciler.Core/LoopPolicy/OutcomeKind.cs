namespace Reconciler.LoopPolicy;

/// <summary>What a tick's result means for the cluster's next tick (controller-runtime's one mapping).</summary>
public enum OutcomeKind
{
    /// <summary>The tick did what it could (matched, reported drift in alert mode, or work is held by a budget or a conflict): next at the interval.</summary>
    Converged,

    /// <summary>Work waits for a known time (a maintenance window's start): next at that time, or at the interval when sooner.</summary>
    Waiting,

    /// <summary>Failed in a way that may pass: next after an exponential backoff with jitter.</summary>
    Transient,

    /// <summary>A person must act: no next tick until something changes (a new revision, or a sync request).</summary>
    Stalled,
}
