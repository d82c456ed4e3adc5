using Reconciler.Drift;
using Reconciler.Reconciliation;

namespace Reconciler.LoopPolicy;

/// <summary>A tick's result in the terms the schedule needs: a kind, a documented <see cref="Reconciliation.Reason"/> and a sentence.</summary>
/// <param name="Until">For <see cref="OutcomeKind.Waiting"/>: when the wait ends.</param>
public sealed record Outcome(OutcomeKind Kind, string Reason, string Message, DateTimeOffset? Until = null)
{
    /// <summary>
    /// Failures that trying again cannot mend: a person must change something. Failures of hosts
    /// and operations stay transient (backoff capped at MaxBackoff): a host that refuses today may
    /// be back tomorrow, and retrying is what puts stopped VMs back.
    /// </summary>
    public static readonly IReadOnlySet<string> Permanent = new HashSet<string>(StringComparer.Ordinal) { Reconciliation.Reason.NoProvider };

    public static Outcome Stalled(string reason, string message) => new(OutcomeKind.Stalled, reason, message);

    /// <summary>Maps what a tick did to what happens next.</summary>
    public static Outcome Of(TickResult tick, DateTimeOffset now)
    {
        if (tick.Outcome == TickOutcome.Failed)
        {
            var reason = tick.Reason ?? Reconciliation.Reason.Failed;
            return new Outcome(Permanent.Contains(reason) ? OutcomeKind.Stalled : OutcomeKind.Transient, reason, tick.Message);
        }

        // Held by a closed maintenance window: wake when it opens, not an interval later.
        var blocked = tick.Execution?.Blocked ?? (IReadOnlyList<BlockedItem>?)tick.Plan?.Blocked ?? [];
        var opens = blocked.Where(b => b.Reason == BlockReason.Window && b.Until > now).Select(b => b.Until!.Value).DefaultIfEmpty().Min();
        return tick.Outcome == TickOutcome.Blocked && opens != default
            ? new Outcome(OutcomeKind.Waiting, Reconciliation.Reason.MaintenanceWindow, tick.Message, opens)
            : new Outcome(OutcomeKind.Converged, tick.Outcome.ToString(), tick.Message);
    }
}
