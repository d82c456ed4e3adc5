using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Reconciliation;

namespace Reconciler.Metrics;

/// <summary>
/// The service's metrics (docs/service.md, Metrics), on one Meter from the host's
/// <see cref="IMeterFactory"/>. Tags stay low-cardinality: cluster, result, operation kind and
/// alert channel; the revision appears only on the info gauge, one series per cluster.
/// </summary>
internal sealed class ReconcilerMetrics
{
    public const string MeterName = "Reconciler";

    /// <summary>Second-scale buckets: a no-op tick takes milliseconds, a repartition minutes, a commit may wait for a window for hours.</summary>
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400];

    private readonly Counter<long> _reconciles;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _operations;
    private readonly Histogram<double> _commitToConverged;
    private readonly Counter<long> _alertDeliveries;
    private readonly Counter<long> _alertsDropped;
    private readonly ConcurrentDictionary<string, int> _drift = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _applied = new(StringComparer.OrdinalIgnoreCase);
    private readonly Counter<long> _fetchFailures;
    private readonly TimeProvider _time;
    private long _lastFetchTicks;
    private int _stalled;

    /// <param name="time">The clock of the fetch-age gauge; its age counts from now until a fetch succeeds.</param>
    public ReconcilerMetrics(IMeterFactory meterFactory, TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _lastFetchTicks = _time.GetUtcNow().UtcTicks;
        Meter = meterFactory.Create(MeterName);
        _reconciles = Meter.CreateCounter<long>("reconciler.reconciles", description: "Reconciles of a cluster, by cluster and result (Converged, Drifted, Blocked, Failed).");
        _duration = Meter.CreateHistogram("reconciler.reconcile.duration", "s", "Time one reconcile of a cluster took, observe to verify.", tags: null, Advice());
        _operations = Meter.CreateCounter<long>("reconciler.operations", description: "Operations the executor finished, by kind (StopVm, SetPartitionCount, ...) and result (succeeded, already_done, failed, not_run).");
        _commitToConverged = Meter.CreateHistogram("reconciler.commit_to_converged", "s", "Time from a revision's commit to the cluster first matching it.", tags: null, Advice());
        _alertDeliveries = Meter.CreateCounter<long>("reconciler.alert.deliveries", description: "Alert deliveries by channel and result (delivered, retried, failed).");
        _alertsDropped = Meter.CreateCounter<long>("reconciler.alert.dropped", description: "Alerts dropped because a channel's queue was full (the oldest goes).");
        Meter.CreateObservableGauge("reconciler.drift.items", ObserveDrift, description: "Drift items left after the cluster's last reconcile.");
        Meter.CreateObservableGauge("reconciler.last_applied_revision.info", ObserveApplied, description: "The revision each cluster last matched (value 1; the revision is the label).");
        _fetchFailures = Meter.CreateCounter<long>("reconciler.source.fetch_failures", description: "Fetches of the spec source that failed (the last good revision kept running).");
        Meter.CreateObservableGauge("reconciler.source.last_fetch_age", ObserveFetchAge, "s", "Seconds since a fetch of the spec source last succeeded (since start-up before the first).");
        Meter.CreateObservableGauge("reconciler.stalled_clusters", () => Volatile.Read(ref _stalled), description: "Clusters whose newest revision is not applied (Stalled): they keep their last good revision.");
    }

    /// <summary>The meter this service records on; the /metrics collector listens to it alone.</summary>
    public Meter Meter { get; }

    public void Reconciled(string cluster, TickOutcome outcome, TimeSpan duration, int driftItems)
    {
        _reconciles.Add(1, new KeyValuePair<string, object?>("cluster", cluster), new KeyValuePair<string, object?>("result", outcome.ToString()));
        _duration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("cluster", cluster));
        _drift[cluster] = driftItems;
    }

    public void Operation(OperationKind kind, ExecutionEventKind result)
    {
        if (result != ExecutionEventKind.Started)
        {
            _operations.Add(1, new KeyValuePair<string, object?>("kind", kind.ToString()), new KeyValuePair<string, object?>("result", ResultName(result)));
        }
    }

    /// <summary>A cluster matched a revision it had not matched before.</summary>
    public void Converged(string cluster, string revision, TimeSpan sinceCommit)
    {
        _commitToConverged.Record(Math.Max(0, sinceCommit.TotalSeconds), new KeyValuePair<string, object?>("cluster", cluster));
        _applied[cluster] = revision; // replaces the previous revision's series
    }

    /// <summary>A fetch of the source succeeded at <paramref name="at"/>.</summary>
    public void Fetched(DateTimeOffset at) => Interlocked.Exchange(ref _lastFetchTicks, at.UtcTicks);

    public void FetchFailed() => _fetchFailures.Add(1);

    public void Stalled(int clusters) => Volatile.Write(ref _stalled, clusters);

    public void AlertDelivery(string channel, string result) =>
        _alertDeliveries.Add(1, new KeyValuePair<string, object?>("channel", channel), new KeyValuePair<string, object?>("result", result));

    public void AlertDropped(string channel) =>
        _alertsDropped.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>Clusters gone from the source stop reporting gauges.</summary>
    public void Forget(IEnumerable<string> keep)
    {
        var names = keep.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in _drift.Keys.Concat(_applied.Keys).Where(n => !names.Contains(n)).ToList())
        {
            _drift.TryRemove(name, out _);
            _applied.TryRemove(name, out _);
        }
    }

    private IEnumerable<Measurement<int>> ObserveDrift() =>
        _drift.Select(p => new Measurement<int>(p.Value, new KeyValuePair<string, object?>("cluster", p.Key)));

    private IEnumerable<Measurement<int>> ObserveApplied() =>
        _applied.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("cluster", p.Key), new KeyValuePair<string, object?>("revision", p.Value)));

    private double ObserveFetchAge() =>
        Math.Max(0, (_time.GetUtcNow().UtcTicks - Interlocked.Read(ref _lastFetchTicks)) / (double)TimeSpan.TicksPerSecond);

    private static InstrumentAdvice<double> Advice() => new() { HistogramBucketBoundaries = SecondsBuckets };

    private static string ResultName(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.Succeeded => "succeeded",
        ExecutionEventKind.AlreadyDone => "already_done",
        ExecutionEventKind.Failed => "failed",
        _ => "not_run",
    };
}
