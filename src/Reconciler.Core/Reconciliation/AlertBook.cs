using System.Collections.Immutable;
using Reconciler.Alerting;

namespace Reconciler.Reconciliation;

/// <summary>
/// What has been notified for one cluster: the last notification of each standing condition,
/// by fingerprint. <see cref="Decide"/> turns the conditions standing now into the notifications
/// to send: new ones fire, standing ones re-fire no more often than the interval (or when their
/// revision changes), and the ones that are gone resolve. Dedupe is by fingerprint only, so a
/// reworded message never re-notifies.
/// </summary>
public sealed record AlertBook(ImmutableDictionary<string, Alert> Notified)
{
    public static AlertBook Empty { get; } = new(ImmutableDictionary<string, Alert>.Empty.WithComparers(StringComparer.Ordinal));

    /// <summary>Decides for one kind of alert; notifications of other kinds are left as they are.</summary>
    public (AlertBook Book, IReadOnlyList<Alert> Send) Decide(AlertKind kind, IEnumerable<Alert> standing, DateTimeOffset now, TimeSpan renotifyInterval)
    {
        var mine = Notified.Where(p => p.Value.Kind == kind).ToImmutableDictionary(StringComparer.Ordinal);
        var (kept, send) = Decide(mine, standing.Where(a => a.Kind == kind), now, renotifyInterval);
        var others = Notified.Where(p => p.Value.Kind != kind);
        return (new AlertBook(kept.AddRange(others)), send);
    }

    private static (ImmutableDictionary<string, Alert> Notified, IReadOnlyList<Alert> Send) Decide(
        ImmutableDictionary<string, Alert> previous, IEnumerable<Alert> standing, DateTimeOffset now, TimeSpan renotifyInterval)
    {
        var notified = previous;
        var send = new List<Alert>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in standing)
        {
            if (!present.Add(candidate.Fingerprint))
            {
                continue;
            }

            if (notified.TryGetValue(candidate.Fingerprint, out var last))
            {
                var due = now - last.At >= renotifyInterval;
                var moved = !string.Equals(last.Revision, candidate.Revision, StringComparison.Ordinal);
                if (!due && !moved)
                {
                    continue;
                }
            }

            var alert = candidate with { State = AlertState.Firing, At = now };
            notified = notified.SetItem(alert.Fingerprint, alert);
            send.Add(alert);
        }

        foreach (var (fingerprint, last) in previous)
        {
            if (!present.Contains(fingerprint))
            {
                send.Add(last with { State = AlertState.Resolved, At = now });
                notified = notified.Remove(fingerprint);
            }
        }

        return (notified, send);
    }
}
