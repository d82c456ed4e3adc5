using Reconciler.Reconciliation;

namespace Reconciler.Http;

internal sealed record ClusterSummary(
    string Name,
    string Mode,
    bool Ready,
    bool Reconciling,
    bool Stalled,
    bool Drifted,
    string? LastAppliedRevision,
    string? LastAttemptedRevision,
    int DriftItems,
    string? LastResult,
    string? Message,
    IReadOnlyList<Condition> Conditions)
{
    public static ClusterSummary Of(ClusterStatus status) => new(
        status.Name,
        status.Mode.ToString().ToLowerInvariant(),
        status.Is(ConditionType.Ready),
        status.Is(ConditionType.Reconciling),
        status.Is(ConditionType.Stalled),
        status.Is(ConditionType.Drifted),
        status.LastAppliedRevision,
        status.LastAttemptedRevision,
        status.Drift.Count,
        status.LastResult?.Outcome.ToString(),
        status.Find(ConditionType.Ready)?.Message,
        status.Conditions);
}
