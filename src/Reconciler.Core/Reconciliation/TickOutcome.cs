namespace Reconciler.Reconciliation;

public enum TickOutcome
{
    /// <summary>The cluster matches the spec (now, or after this tick's operations).</summary>
    Converged,

    /// <summary>Alert mode: the cluster differs and nothing was changed.</summary>
    Drifted,

    /// <summary>What could be done was done; blocked items (window, budget, conflict...) remain.</summary>
    Blocked,

    /// <summary>Observing or an operation failed; what this tick took down was put back.</summary>
    Failed,
}
