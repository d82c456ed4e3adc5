using System.Collections.Concurrent;
using Reconciler.Reconciliation;

namespace Reconciler.Service;

/// <summary>The service's status, written by the loop and read by the HTTP API at any time.</summary>
internal sealed class StatusBoard(string sourceDescription)
{
    private readonly ConcurrentDictionary<string, ClusterStatus> _clusters = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ClusterView> _views = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _sourceLock = new();
    private long _version;
    private volatile SourceStatus _source = new(sourceDescription, null, null, null, null, []);
    private volatile bool _ready;

    public SourceStatus Source => _source;

    /// <summary>True once a tick has finished with a good revision in hand.</summary>
    public bool IsReady => _ready;

    public IReadOnlyList<ClusterStatus> Clusters => [.. _clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public ClusterStatus? Cluster(string name) => _clusters.GetValueOrDefault(name);

    /// <summary>Goes up with every change, so a page can tell whether it shows the newest status.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Measured operation durations, for the dashboard's downtime estimates.</summary>
    public OperationTimings Timings { get; } = new();

    public ClusterView? View(string name) => _views.GetValueOrDefault(name);

    public ClusterStatus Update(string name, Func<ClusterStatus, ClusterStatus> change)
    {
        var status = _clusters.AddOrUpdate(name, n => change(new ClusterStatus { Name = n }), (_, s) => change(s));
        Interlocked.Increment(ref _version);
        return status;
    }

    public void SetView(string name, Func<ClusterView?, ClusterView> change)
    {
        _views.AddOrUpdate(name, _ => change(null), (_, v) => change(v));
        Interlocked.Increment(ref _version);
    }

    public void Forget(IEnumerable<string> keep)
    {
        var names = keep.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _clusters.Keys.Where(n => !names.Contains(n)))
        {
            _clusters.TryRemove(name, out _);
        }

        foreach (var name in _views.Keys.Where(n => !names.Contains(n)))
        {
            _views.TryRemove(name, out _);
        }

        Interlocked.Increment(ref _version);
    }

    /// <summary>Changes the source status atomically: the background fetch and the loop both write it.</summary>
    public void SetSource(Func<SourceStatus, SourceStatus> change)
    {
        lock (_sourceLock)
        {
            _source = change(_source);
        }

        Interlocked.Increment(ref _version);
    }

    public void MarkReady() => _ready = true;
}
