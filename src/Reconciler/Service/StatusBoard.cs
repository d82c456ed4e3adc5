using System.Collections.Concurrent;
using Reconciler.Reconciliation;

namespace Reconciler.Service;

/// <summary>The service's status, written by the loop and read by the HTTP API at any time.</summary>
internal sealed class StatusBoard(string sourceDescription)
{
    private readonly ConcurrentDictionary<string, ClusterStatus> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private volatile SourceStatus _source = new(sourceDescription, null, null, null, null, []);
    private volatile bool _ready;

    public SourceStatus Source => _source;

    /// <summary>True once a tick has finished with a good revision in hand.</summary>
    public bool IsReady => _ready;

    public IReadOnlyList<ClusterStatus> Clusters => [.. _clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public ClusterStatus? Cluster(string name) => _clusters.GetValueOrDefault(name);

    public ClusterStatus Update(string name, Func<ClusterStatus, ClusterStatus> change) =>
        _clusters.AddOrUpdate(name, n => change(new ClusterStatus { Name = n }), (_, s) => change(s));

    public void Forget(IEnumerable<string> keep)
    {
        var names = keep.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _clusters.Keys.Where(n => !names.Contains(n)))
        {
            _clusters.TryRemove(name, out _);
        }
    }

    public void SetSource(Func<SourceStatus, SourceStatus> change) => _source = change(_source);

    public void MarkReady() => _ready = true;
}
