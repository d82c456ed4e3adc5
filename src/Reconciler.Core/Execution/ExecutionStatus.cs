namespace Reconciler.Execution;

public enum ExecutionStatus
{
    /// <summary>Every operation took effect and a fresh plan has nothing left to do.</summary>
    Converged,

    /// <summary>An operation failed; what could be put back was put back.</summary>
    Failed,

    /// <summary>Everything possible was done, but blocked items remain (window, budget, conflict).</summary>
    Blocked,
}
