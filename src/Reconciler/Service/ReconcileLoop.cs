using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reconciler.Alerting;
using Reconciler.Execution;
using Reconciler.LoopPolicy;
using Reconciler.Metrics;
using Reconciler.Reconciliation;
using Reconciler.Settings;

namespace Reconciler.Service;

/// <summary>
/// The loop of design.md §2 as a hosted service, kept thin: the decisions are Core's pure policy
/// (<see cref="RevisionIntake"/>, <see cref="Outcome"/>, <see cref="Requeue"/>,
/// <see cref="ClusterAlerts"/>); this class runs ticks, sends what the policy decided and writes
/// status. Each tick takes in what the background fetch brought (<see cref="SourceFollower"/>) and
/// reconciles every due cluster on its last good spec, clusters in parallel, each at most once at
/// a time. A push webhook or a sync request wakes the loop at once and makes every cluster due.
/// </summary>
internal sealed class ReconcileLoop(
    ServiceOptions options,
    ISpecSource source,
    ClusterProviders providers,
    IJournalStore journals,
    StatusBoard board,
    TickTrigger trigger,
    IAlertSink alerts,
    ReconcilerMetrics metrics,
    TimeProvider time,
    Randomizer random,
    ILogger<ReconcileLoop> logger) : BackgroundService
{
    /// <summary>When each cluster is due; null: not until something changes (a new revision, a sync).</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _due = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, ClusterAlerts> _alerts = new(StringComparer.OrdinalIgnoreCase);
    private readonly LoopTiming _timing = new(options.Interval, options.InitialBackoff, options.MaxBackoff);

    /// <summary>Phases 1 and 2, off the reconcile path.</summary>
    internal SourceFollower Follower { get; } = new(source, board, trigger, metrics, time, logger);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ServiceLog.Following(logger, source.Description);
        var triggered = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            await TickAsync(triggered, stoppingToken).ConfigureAwait(false);
            try
            {
                triggered = await trigger.WaitAsync(NextDelay(), time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass of the loop; <paramref name="everyCluster"/> (a sync request) reconciles clusters that are not due too.</summary>
    public async Task TickAsync(bool everyCluster, CancellationToken cancellationToken)
    {
        if (await Follower.RefreshAsync(cancellationToken).ConfigureAwait(false))
        {
            TakeRevision();
        }

        if (Follower.Good is { } good)
        {
            var now = time.GetUtcNow();
            var due = good.Clusters.Where(c => everyCluster || !_due.TryGetValue(c.Name, out var at) || at <= now).ToList();
            await Task.WhenAll(due.Select(c => ReconcileClusterAsync(c.Desired, cancellationToken))).ConfigureAwait(false);
            board.MarkReady();
        }
    }

    /// <summary>A new revision taken in: every cluster is due, stalls are shown and alerted, clusters gone are forgotten.</summary>
    private void TakeRevision()
    {
        var now = time.GetUtcNow();
        var stalls = Follower.Stalls;
        var names = (Follower.Good?.Clusters.Select(c => c.Name) ?? []).Concat(stalls.Keys).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        _due.Clear();
        board.Forget(names);
        metrics.Forget(names);
        // Alerts first, then status, as after a tick: whoever sees Stalled may rely on its alert being out.
        foreach (var cluster in names)
        {
            DecideStall(cluster, stalls, now);
        }

        foreach (var (cluster, stall) in stalls)
        {
            board.Update(cluster, s => s.Stalled(stall.Commit, stall.Reason, stall.Message, now));
        }

        foreach (var gone in _alerts.Keys.Except(names, StringComparer.OrdinalIgnoreCase).ToList())
        {
            if (_alerts.TryRemove(gone, out var book))
            {
                Send(book.Gone(now));
            }
        }
    }

    private async Task ReconcileClusterAsync(DesiredRevision desired, CancellationToken cancellationToken)
    {
        var name = desired.Spec.Name;
        var started = time.GetUtcNow();
        var previous = board.Update(name, s => s.Starting(desired, started));
        board.SetView(name, v => v is null ? new ClusterView(desired.Spec, null, null, null) : v with { Spec = desired.Spec });
        var tick = await RunTickAsync(desired, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (tick.Observed is { } observed)
        {
            board.SetView(name, v => new ClusterView(desired.Spec, observed, now, tick.Next));
        }

        var duration = now - started;
        var book = _alerts.GetValueOrDefault(name, ClusterAlerts.Empty);
        metrics.Reconciled(name, tick.Outcome, duration, tick.DriftAfter.Count);
        if (tick.Outcome == TickOutcome.Converged && !book.Matches(desired.Commit))
        {
            metrics.Converged(name, desired.Commit, now - desired.CommittedAt);
        }

        // Alerts first, then status: whoever sees the new status may rely on its alerts being out.
        // The follower replaces its stalls from its own thread: read them once for both.
        var stalls = Follower.Stalls;
        var (next, send) = book.AfterTick(desired, previous.Drift, tick, now, options.Alerts.RenotifyInterval);
        _alerts[name] = next;
        Send(send);
        DecideStall(name, stalls, now);

        // What happens next, decided by the policy and written with the status in one update.
        var outcome = Outcome.Of(tick, now);
        var draw = random.NextDouble();
        var stalled = stalls.ContainsKey(name);
        var status = board.Update(name, s =>
        {
            var finished = s.Finished(desired, tick, duration, stalled, now);
            return finished with { Next = new NextTick(outcome.Kind.ToString(), outcome.Reason, Requeue.At(outcome, finished.ConsecutiveFailures, now, _timing, draw)) };
        });
        var at = status.Next!.At;
        _due[name] = at;
        switch (outcome.Kind)
        {
            case OutcomeKind.Stalled:
                ServiceLog.ReconcileStalled(logger, name, desired.ShortCommit, outcome.Reason, tick.Message);
                break;
            case OutcomeKind.Transient:
                ServiceLog.ReconcileFailed(logger, name, desired.ShortCommit, tick.Outcome.ToString(), duration.TotalSeconds, tick.Message, at!.Value - now);
                break;
            default:
                ServiceLog.Reconciled(logger, name, desired.ShortCommit, tick.Outcome.ToString(), duration.TotalSeconds, tick.Message, at!.Value);
                break;
        }
    }

    private async Task<TickResult> RunTickAsync(DesiredRevision desired, CancellationToken cancellationToken)
    {
        var name = desired.Spec.Name;
        try
        {
            var reconciler = new ClusterReconciler(providers.For(name), journals, options.Executor, time, random.NextDouble, logger);
            reconciler.Progress += new OperationLog(name, board, metrics, time, logger).On;
            return await reconciler.ReconcileAsync(desired, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderUnavailableException e)
        {
            return new TickResult(TickOutcome.Failed, [], [], null, null, e.Message, Reason.NoProvider);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not stop the other clusters or the loop; the backoff paces the retries.
            ServiceLog.TickCrashed(logger, name, e);
            return new TickResult(TickOutcome.Failed, [], [], null, null, $"internal error: {e.Message}", Reason.InternalError);
        }
    }

    private void DecideStall(string cluster, IReadOnlyDictionary<string, Stall> stalls, DateTimeOffset now)
    {
        var book = _alerts.GetValueOrDefault(cluster, ClusterAlerts.Empty);
        var running = Follower.Good?.Find(cluster)?.Desired.Commit;
        var (next, send) = book.ForStall(cluster, stalls.GetValueOrDefault(cluster), running, now, options.Alerts.RenotifyInterval);
        _alerts[cluster] = next;
        Send(send);
    }

    private void Send(IReadOnlyList<Alert> send)
    {
        foreach (var alert in send)
        {
            ServiceLog.Alerting(logger, alert.Kind.ToString(), alert.State.ToString().ToLowerInvariant(), alert.Cluster, alert.Object, alert.Message);
            alerts.Send(alert);
        }
    }

    private TimeSpan NextDelay()
    {
        var now = time.GetUtcNow();
        var next = _due.Values.OfType<DateTimeOffset>().DefaultIfEmpty(now + options.Interval).Min();
        var delay = next - now;
        return delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay > options.Interval ? options.Interval : delay;
    }
}
