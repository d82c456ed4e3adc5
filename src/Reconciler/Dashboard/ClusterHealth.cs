using Reconciler.Drift;
using Reconciler.Service;
using Reconciler.Planning;
using Reconciler.Reconciliation;

namespace Reconciler.Dashboard;

/// <summary>
/// The state of one cluster in a word, an icon and a colour (never the colour alone), with the
/// detail a person acts on: the first error of a Stalled revision, why a tick failed, what blocks
/// work and until when.
/// </summary>
internal sealed record ClusterHealth(HealthState State, string Word, string Icon, string Detail, DateTimeOffset? Until)
{
    public string CssClass => State.ToString().ToLowerInvariant();

    public static ClusterHealth Of(ClusterStatus status, ClusterView? view)
    {
        if (status.Is(ConditionType.Stalled))
        {
            return new(HealthState.Stalled, "Stalled", "⊘", status.Find(ConditionType.Stalled)?.Message ?? "", null);
        }

        var last = status.LastResult;
        if (last is null)
        {
            return new(HealthState.Pending, status.Is(ConditionType.Reconciling) ? "Reconciling" : "Pending", "↻", "not reconciled yet", null);
        }

        switch (last.Outcome)
        {
            case TickOutcome.Failed:
                return new(HealthState.Failed, "Failed", "✖", last.Message, null);
            case TickOutcome.Blocked:
                var blocked = (IReadOnlyList<BlockedItem>?)view?.Next?.Blocked ?? status.LastPlan?.Blocked ?? [];
                var stuck = blocked.Where(b => b.Reason != BlockReason.Window).ToList();
                if (stuck.Count > 0 || blocked.Count == 0)
                {
                    var reasons = string.Join(", ", stuck.Select(b => b.Reason.ToString().ToLowerInvariant()).Distinct());
                    return new(HealthState.Blocked, "Blocked", "■", reasons.Length > 0 ? $"{reasons}: {last.Message}" : last.Message, null);
                }

                var until = blocked.Where(b => b.Until is not null).Min(b => b.Until);
                return new(HealthState.Waiting, "Blocked until", "◷", last.Message, until);
            case TickOutcome.Drifted:
                return new(HealthState.Drifted, "Drifted", "⚠", last.Message, null);
        }

        return status.Drift.Count > 0
            ? new(HealthState.Drifted, "Drifted", "⚠", status.Find(ConditionType.Drifted)?.Message ?? last.Message, null)
            : new(HealthState.Ready, "Ready", "✔", last.Message, null);
    }
}
