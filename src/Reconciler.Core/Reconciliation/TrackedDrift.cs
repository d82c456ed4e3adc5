using Reconciler.Drift;

namespace Reconciler.Reconciliation;

/// <summary>A drift item with the time it was first seen (kept for as long as the same fingerprint stays).</summary>
public sealed record TrackedDrift(DriftItem Item, DateTimeOffset Onset)
{
    /// <summary>Carries each item's onset over from the previous tick by fingerprint; new items start now.</summary>
    public static IReadOnlyList<TrackedDrift> Track(IReadOnlyList<TrackedDrift> previous, IEnumerable<DriftItem> current, DateTimeOffset now)
    {
        var onsets = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var tracked in previous)
        {
            onsets.TryAdd(tracked.Item.Fingerprint, tracked.Onset);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TrackedDrift>();
        foreach (var item in current)
        {
            if (seen.Add(item.Fingerprint))
            {
                result.Add(new TrackedDrift(item, onsets.TryGetValue(item.Fingerprint, out var onset) ? onset : now));
            }
        }

        return result;
    }
}
