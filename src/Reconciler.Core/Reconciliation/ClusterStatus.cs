using System.Collections.Immutable;
using Reconciler.Spec;
using Reconciler.Text;

namespace Reconciler.Reconciliation;

/// <summary>
/// What the service knows about one cluster, as /api/v1/clusters/{name} shows it. Immutable:
/// each phase of a tick produces the next value through the pure transitions below.
/// </summary>
public sealed record ClusterStatus
{
    public const int HistoryLength = 20;

    public required string Name { get; init; }

    public PolicyMode Mode { get; init; } = PolicyMode.Enforce;

    /// <summary>The newest revision the service tried (valid or not).</summary>
    public string? LastAttemptedRevision { get; init; }

    /// <summary>The newest revision the cluster was verified to match.</summary>
    public string? LastAppliedRevision { get; init; }

    public DateTimeOffset? LastAppliedAt { get; init; }

    /// <summary>The revision being reconciled now (the last good one when the newest is stalled).</summary>
    public string? DesiredRevision { get; init; }

    public ImmutableArray<Condition> Conditions { get; init; } = [];

    public IReadOnlyList<TrackedDrift> Drift { get; init; } = [];

    public PlanReport? LastPlan { get; init; }

    public TickReport? LastResult { get; init; }

    public ImmutableArray<TickReport> History { get; init; } = [];

    /// <summary>What happens next, as the loop decided after the last tick.</summary>
    public NextTick? Next { get; init; }

    /// <summary>Failed ticks in a row; drives the backoff.</summary>
    public int ConsecutiveFailures { get; init; }

    public Condition? Find(ConditionType type) => Conditions.FirstOrDefault(c => c.Type == type);

    public bool Is(ConditionType type) => Find(type)?.Status == true;

    /// <summary>Sets a condition; its transition time moves only when its status changes.</summary>
    public ClusterStatus With(ConditionType type, bool status, string reason, string message, DateTimeOffset now)
    {
        var previous = Find(type);
        var since = previous is not null && previous.Status == status ? previous.LastTransition : now;
        var condition = new Condition(type, status, reason, message, since);
        var conditions = Conditions.RemoveAll(c => c.Type == type).Add(condition).Sort((a, b) => a.Type.CompareTo(b.Type));
        return this with { Conditions = conditions };
    }

    public ClusterStatus Starting(DesiredRevision desired, DateTimeOffset now) =>
        (this with { Mode = desired.Spec.Policy.Mode, DesiredRevision = desired.Commit })
            .With(ConditionType.Reconciling, true, Reason.Progressing, $"reconciling revision {desired.ShortCommit}", now);

    /// <summary>The newest revision cannot be used; the cluster keeps its last good revision.</summary>
    public ClusterStatus Stalled(string revision, string reason, string message, DateTimeOffset now) =>
        (this with { LastAttemptedRevision = revision })
            .With(ConditionType.Stalled, true, reason, message, now)
            .With(ConditionType.Ready, false, reason, $"revision {CommitId.Short(revision)} is not applied: {message}", now);

    public ClusterStatus Finished(DesiredRevision desired, TickResult tick, TimeSpan duration, bool newestIsStalled, DateTimeOffset now)
    {
        var converged = tick.Outcome == TickOutcome.Converged;
        var next = this with
        {
            Mode = desired.Spec.Policy.Mode,
            DesiredRevision = desired.Commit,
            LastAttemptedRevision = newestIsStalled ? LastAttemptedRevision : desired.Commit,
            LastAppliedRevision = converged ? desired.Commit : LastAppliedRevision,
            LastAppliedAt = converged && LastAppliedRevision != desired.Commit ? now : LastAppliedAt,
            Drift = TrackedDrift.Track(Drift, tick.DriftAfter, now),
            LastPlan = tick.Plan is null ? LastPlan : PlanReport.Of(tick.Plan),
            LastResult = TickReport.Of(desired, tick, duration, now),
            History = Append(History, TickReport.Of(desired, tick, duration, now)),
            ConsecutiveFailures = tick.Outcome == TickOutcome.Failed ? ConsecutiveFailures + 1 : 0,
        };

        var reason = tick.Reason ?? tick.Outcome.ToString();
        next = next.With(ConditionType.Reconciling, false, reason, tick.Message, now);
        next = tick.DriftAfter.Count > 0
            ? next.With(ConditionType.Drifted, true, desired.Spec.Policy.Mode == PolicyMode.Alert ? Reason.AlertMode : tick.Outcome.ToString(), $"{tick.DriftAfter.Count} difference(s): {tick.DriftAfter[0].Sentence}", now)
            : next.With(ConditionType.Drifted, false, Reason.InSync, "the cluster matches the spec", now);
        if (!newestIsStalled)
        {
            next = next.With(ConditionType.Stalled, false, Reason.RevisionValid, $"revision {desired.ShortCommit} is valid", now);
        }

        return converged && !newestIsStalled
            ? next.With(ConditionType.Ready, true, Reason.Converged, $"the cluster matches revision {desired.ShortCommit}", now)
            : newestIsStalled
                ? next.With(ConditionType.Ready, false, Find(ConditionType.Stalled)?.Reason ?? "Stalled", Find(ConditionType.Ready)?.Message ?? tick.Message, now)
                : next.With(ConditionType.Ready, false, reason, tick.Message, now);
    }

    private static ImmutableArray<TickReport> Append(ImmutableArray<TickReport> history, TickReport entry)
    {
        var list = history.Insert(0, entry);
        return list.Length > HistoryLength ? list.RemoveRange(HistoryLength, list.Length - HistoryLength) : list;
    }
}
