using Reconciler.Alerting;
using Reconciler.Drift;
using Reconciler.Reconciliation;
using Reconciler.Text;

namespace Reconciler.LoopPolicy;

/// <summary>
/// The alert policy of one cluster, pure: what has been notified (<see cref="Book"/>) and the
/// revision the cluster was last seen to match (<see cref="InSync"/>). Each decision returns the
/// next value and the notifications to send; the loop only sends them.
/// </summary>
public sealed record ClusterAlerts(AlertBook Book, string? InSync)
{
    public static ClusterAlerts Empty { get; } = new(AlertBook.Empty, null);

    /// <summary>Whether the cluster was last seen to match <paramref name="commit"/>.</summary>
    public bool Matches(string commit) => string.Equals(InSync, commit, StringComparison.Ordinal);

    /// <summary>
    /// Drift alerts are for drift that appears after the cluster matched its revision (a hand
    /// change), with the onset it was first seen at; drift that a new revision brings is the change
    /// to apply, not an alert. Drift a tick corrects fires and resolves in the same decision.
    /// </summary>
    public (ClusterAlerts Next, IReadOnlyList<Alert> Send) AfterTick(
        DesiredRevision desired, IReadOnlyList<TrackedDrift> previous, TickResult tick, DateTimeOffset now, TimeSpan renotify)
    {
        var send = new List<Alert>();
        var book = Book;
        var before = TrackedDrift.Track(previous, tick.DriftBefore, now);
        if (Matches(desired.Commit))
        {
            book = Decide(book, AlertKind.Drift, DriftAlerts(before, desired, now), now, renotify, send);
        }

        var inSync = tick.Outcome == TickOutcome.Converged ? desired.Commit : InSync;
        var after = string.Equals(inSync, desired.Commit, StringComparison.Ordinal)
            ? DriftAlerts(TrackedDrift.Track(before, tick.DriftAfter, now), desired, now)
            : [];
        book = Decide(book, AlertKind.Drift, after, now, renotify, send);

        // A tick that could not even observe the cluster says nothing about its steps: failed-step alerts stand as they are.
        if (!(tick.Outcome == TickOutcome.Failed && tick.Execution is null))
        {
            book = Decide(book, AlertKind.Failed, FailedAlerts(tick, desired, now), now, renotify, send);
        }

        return (new ClusterAlerts(book, inSync), send);
    }

    /// <summary>One Stalled alert per stalled cluster while its stall stands; resolved when it goes.</summary>
    /// <param name="running">The revision the cluster keeps running (null when it has none yet).</param>
    public (ClusterAlerts Next, IReadOnlyList<Alert> Send) ForStall(string cluster, Stall? stall, string? running, DateTimeOffset now, TimeSpan renotify)
    {
        Alert[] standing = stall is null
            ? []
            : [new Alert(AlertKind.Stalled, AlertState.Firing, cluster, DriftItem.FingerprintOf(cluster, "source", "revision"), $"cluster/{cluster}", "revision",
                running, stall.Commit, $"revision {CommitId.Short(stall.Commit)} is not applied ({stall.Reason}): {stall.Message}", stall.Since, now, stall.Commit)];
        var send = new List<Alert>();
        var book = Decide(Book, AlertKind.Stalled, standing, now, renotify, send);
        return (this with { Book = book }, send);
    }

    /// <summary>The cluster left the spec: everything standing for it resolves, so no channel keeps it firing.</summary>
    public IReadOnlyList<Alert> Gone(DateTimeOffset now) =>
        [.. Book.Notified.Values.OrderBy(a => a.Fingerprint, StringComparer.Ordinal).Select(a => a with { State = AlertState.Resolved, At = now })];

    private static AlertBook Decide(AlertBook book, AlertKind kind, IEnumerable<Alert> standing, DateTimeOffset now, TimeSpan renotify, List<Alert> send)
    {
        var (next, decided) = book.Decide(kind, standing, now, renotify);
        send.AddRange(decided);
        return next;
    }

    /// <summary>
    /// One alert per failed step, naming what failed (a guest that did not come back names its VM);
    /// a later run that executes without that failure resolves it, except a guest still not up
    /// from an earlier run, which keeps its failure's fingerprint, and so its alert, until a run sees it up.
    /// </summary>
    private static IEnumerable<Alert> FailedAlerts(TickResult tick, DesiredRevision desired, DateTimeOffset now) =>
        (tick.Execution?.Failures ?? []).Concat(tick.Execution?.GuestsDown ?? []).Select(f =>
        {
            var obj = f.Vm is null ? $"host/{f.Host}" : $"vm/{f.Vm}";
            return new Alert(AlertKind.Failed, AlertState.Firing, desired.Spec.Name, DriftItem.FingerprintOf(desired.Spec.Name, obj, "step/" + f.Kind), obj, f.Kind,
                null, null, $"{f.Kind} on host {f.Host} failed: {f.Reason}", now, now, desired.Commit);
        });

    private static IEnumerable<Alert> DriftAlerts(IEnumerable<TrackedDrift> drift, DesiredRevision desired, DateTimeOffset now) =>
        drift.Select(d => new Alert(AlertKind.Drift, AlertState.Firing, d.Item.Cluster, d.Item.Fingerprint, d.Item.Object, d.Item.Field,
            d.Item.Desired, d.Item.Observed, d.Item.Sentence, d.Onset, now, desired.Commit));
}
