using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.LoopPolicy;
using Reconciler.Reconciliation;

namespace Reconciler.Tests.LoopPolicy;

public sealed class OutcomeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);

    private static TickResult Tick(TickOutcome outcome, string? reason = null, params BlockedItem[] blocked) =>
        new(outcome, [], [], null, blocked.Length == 0 ? null : new ExecutionResult(ExecutionStatus.Blocked, [], 0, 0, 0) { Blocked = blocked }, "message", reason);

    public static TheoryData<string, TickResult, OutcomeKind, string, DateTimeOffset?> Cases => new()
    {
        { "matched", Tick(TickOutcome.Converged), OutcomeKind.Converged, "Converged", null },
        { "alert mode reported drift", Tick(TickOutcome.Drifted), OutcomeKind.Converged, "Drifted", null },
        { "held by the budget", Tick(TickOutcome.Blocked, null, new BlockedItem("vm/a", BlockReason.Budget, "budget")), OutcomeKind.Converged, "Blocked", null },
        { "held by a window that opens at 04:00", Tick(TickOutcome.Blocked, null, new BlockedItem("policy/windows", BlockReason.Window, "closed", Now.AddHours(1)), new BlockedItem("policy/windows", BlockReason.Window, "closed", Now.AddHours(2))), OutcomeKind.Waiting, Reason.MaintenanceWindow, Now.AddHours(1) },
        { "a window whose start is past", Tick(TickOutcome.Blocked, null, new BlockedItem("policy/windows", BlockReason.Window, "closed", Now.AddHours(-1))), OutcomeKind.Converged, "Blocked", null },
        { "observing failed", Tick(TickOutcome.Failed), OutcomeKind.Transient, Reason.Failed, null },
        { "a bug", Tick(TickOutcome.Failed, Reason.InternalError), OutcomeKind.Transient, Reason.InternalError, null },
        { "no provider: a person must act", Tick(TickOutcome.Failed, Reason.NoProvider), OutcomeKind.Stalled, Reason.NoProvider, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Of_TickResult_MapsToOneOutcome(string name, TickResult tick, OutcomeKind kind, string reason, DateTimeOffset? until)
    {
        var outcome = Outcome.Of(tick, Now);

        Assert.True((kind, reason, until) == (outcome.Kind, outcome.Reason, outcome.Until), $"{name}: {outcome}");
    }
}
