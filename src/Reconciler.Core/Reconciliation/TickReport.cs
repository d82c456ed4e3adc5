namespace Reconciler.Reconciliation;

/// <summary>One tick of one cluster, for the last result and the history.</summary>
/// <param name="Revision">The full commit id (JSON carries full ids; <see cref="Text.CommitId"/>).</param>
public sealed record TickReport(
    DateTimeOffset At,
    string Revision,
    TickOutcome Outcome,
    string Message,
    int Executed,
    int Failed,
    double DurationSeconds,
    IReadOnlyList<string> Failures)
{
    public static TickReport Of(DesiredRevision desired, TickResult tick, TimeSpan duration, DateTimeOffset now) => new(
        now,
        desired.Commit,
        tick.Outcome,
        tick.Message,
        tick.Execution?.Executed ?? 0,
        tick.Execution?.Failures.Count ?? 0,
        Math.Round(duration.TotalSeconds, 3),
        [.. (tick.Execution?.Failures ?? []).Select(f => $"host {f.Host}{(f.Vm is null ? "" : $", VM {f.Vm}")}, {f.Kind} ({f.OperationId}): {f.Reason}")]);
}
