using System.Collections.Concurrent;
using Reconciler.Drift;
using Reconciler.Planning;

namespace Reconciler.Service;

/// <summary>
/// How long operations took on each cluster, by kind (the last few of each): the measured history
/// the dashboard estimates a plan's downtime from.
/// </summary>
internal sealed class OperationTimings
{
    private const int Keep = 16;
    private readonly ConcurrentDictionary<(string Cluster, OperationKind Kind), TimeSpan[]> _durations = new();

    public void Record(string cluster, OperationKind kind, TimeSpan duration) =>
        _durations.AddOrUpdate((cluster.ToUpperInvariant(), kind), [duration], (_, old) => [.. old.TakeLast(Keep - 1), duration]);

    /// <summary>The median duration of <paramref name="kind"/> on the cluster, or null when none was measured.</summary>
    public TimeSpan? Typical(string cluster, OperationKind kind)
    {
        if (!_durations.TryGetValue((cluster.ToUpperInvariant(), kind), out var all) || all.Length == 0)
        {
            return null;
        }

        var sorted = all.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
