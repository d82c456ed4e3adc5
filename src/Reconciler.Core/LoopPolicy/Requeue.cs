namespace Reconciler.LoopPolicy;

/// <summary>When a cluster is due again after a tick: the one mapping from outcome to schedule.</summary>
public static class Requeue
{
    /// <summary>
    /// The time of the cluster's next tick; null for <see cref="OutcomeKind.Stalled"/>: not until
    /// something changes (a new revision or a sync request makes every cluster due).
    /// </summary>
    /// <param name="failures">Failed ticks in a row, this one included.</param>
    /// <param name="random">A draw from [0, 1) of the injected randomizer, for the jitter.</param>
    public static DateTimeOffset? At(Outcome outcome, int failures, DateTimeOffset now, LoopTiming timing, double random) => outcome.Kind switch
    {
        OutcomeKind.Converged => now + timing.Interval,
        OutcomeKind.Waiting when outcome.Until is { } until => until < now + timing.Interval ? until : now + timing.Interval,
        OutcomeKind.Waiting => now + timing.Interval,
        OutcomeKind.Transient => now + Backoff(failures, timing, random),
        _ => null,
    };

    /// <summary>
    /// InitialBackoff doubling per failure up to MaxBackoff, times 0.8-1.2 so that many clusters
    /// failing together (a shared switch, a shared domain controller) do not retry in step.
    /// </summary>
    public static TimeSpan Backoff(int failures, LoopTiming timing, double random)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(timing.MaxBackoff.Ticks, timing.InitialBackoff.Ticks * factor));
        return delay * (0.8 + (0.4 * random));
    }
}
