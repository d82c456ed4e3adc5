using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Observed;
using Reconciler.Planning;

namespace Reconciler.Reconciliation;

/// <summary>What one tick did to one cluster.</summary>
/// <param name="DriftBefore">Drift observed at the start of the tick.</param>
/// <param name="DriftAfter">Drift left at the end (equal to <paramref name="DriftBefore"/> when nothing ran).</param>
/// <param name="Reason">For failures: a <see cref="Reconciliation.Reason"/> word, when more precise than <c>Failed</c>.</param>
/// <param name="Observed">The cluster as last observed in the tick (after verifying, when operations ran); null when it could not be observed.</param>
/// <param name="Next">The plan against <paramref name="Observed"/>: what the next tick would run (empty when the cluster matches).</param>
public sealed record TickResult(
    TickOutcome Outcome,
    IReadOnlyList<DriftItem> DriftBefore,
    IReadOnlyList<DriftItem> DriftAfter,
    Plan? Plan,
    ExecutionResult? Execution,
    string Message,
    string? Reason = null,
    ObservedCluster? Observed = null,
    Plan? Next = null);
