using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Reconciler.Alerting;
using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Git;
using Reconciler.Metrics;
using Reconciler.Reconciliation;
using Reconciler.Settings;
using Reconciler.Validation;

namespace Reconciler.Service;

/// <summary>
/// The loop of design.md §2 as a hosted service. Each tick fetches the newest revision, accepts
/// it only when every spec in it is valid (else the clusters stay on the last good revision and
/// are Stalled), and reconciles every cluster that is due, clusters in parallel, each at most
/// once at a time. After a tick each cluster waits the interval, or a backoff after a failure;
/// a push webhook or a sync request wakes the loop at once.
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
    private readonly ConcurrentDictionary<string, DateTimeOffset> _due = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _inSync = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, AlertBook> _alerts = new(StringComparer.OrdinalIgnoreCase);
    private DesiredSet? _good;
    private string? _lastEvaluated;
    private Stall? _stall;

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

    /// <summary>One pass of the loop; <paramref name="everyCluster"/> reconciles clusters that are not due yet too.</summary>
    public async Task TickAsync(bool everyCluster, CancellationToken cancellationToken)
    {
        await RefreshSourceAsync(cancellationToken).ConfigureAwait(false);
        if (_good is { } good)
        {
            var now = time.GetUtcNow();
            var due = good.Clusters.Where(c => everyCluster || !_due.TryGetValue(c.Name, out var at) || at <= now).ToList();
            await Task.WhenAll(due.Select(c => ReconcileClusterAsync(good, c, cancellationToken))).ConfigureAwait(false);
            board.MarkReady();
        }
    }

    private async Task RefreshSourceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SourceSnapshot snapshot;
        try
        {
            snapshot = await source.FetchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (UntrustedRevisionException e)
        {
            var commit = e.Revision?.Commit ?? "unknown";
            board.SetSource(s => s with { LastFetchedRevision = commit, LastFetchAt = now, FetchError = null, Invalid = [e.Message] });
            if (commit != _lastEvaluated)
            {
                _lastEvaluated = commit;
                StallAt(commit, "UntrustedRevision", e.Message, [], now);
            }

            return;
        }
        catch (GitException e)
        {
            ServiceLog.FetchFailed(logger, _good?.Revision.Short ?? "(none yet)", e.Message);
            board.SetSource(s => s with { LastFetchAt = now, FetchError = e.Message });
            return;
        }

        var revision = snapshot.Revision;
        board.SetSource(s => s with { LastFetchedRevision = revision.Commit, LastFetchAt = now, FetchError = null });
        if (revision.Commit == _lastEvaluated)
        {
            return;
        }

        _lastEvaluated = revision.Commit;
        var set = SpecSet.Load(snapshot.Files.Select(f => new SpecSource(f.Path, f.Content)), GpuCatalog.Default);
        foreach (var finding in set.Diagnostics)
        {
            ServiceLog.Finding(logger, $"{revision.Short} {finding}");
        }

        if (!set.IsValid)
        {
            var errors = set.Diagnostics.Where(d => d.IsError).Select(d => d.ToString()).ToList();
            var message = $"{errors.Count} error(s) in revision {revision.Short}, first: {errors[0]}";
            board.SetSource(s => s with { Invalid = errors });
            StallAt(revision.Commit, "InvalidRevision", message, set.Clusters.Select(c => c.Spec.Name), now);
            return;
        }

        if (set.Clusters.Count == 0)
        {
            const string empty = "no GpuCluster spec under the source path; check Reconciler:Source:Path";
            board.SetSource(s => s with { Invalid = [empty] });
            StallAt(revision.Commit, "NoSpecs", empty, [], now);
            return;
        }

        _good = new DesiredSet(revision, [.. set.Clusters.Select(c => c.Spec)]);
        _stall = null;
        _due.Clear(); // a new revision makes every cluster due now
        board.SetSource(s => s with { LastGoodRevision = revision.Commit, Invalid = [] });
        board.Forget(_good.Clusters.Select(c => c.Name));
        metrics.Forget(_good.Clusters.Select(c => c.Name));
        ServiceLog.RevisionAccepted(logger, revision.Short, set.Clusters.Count, set.WarningCount);
    }

    private void StallAt(string commit, string reason, string message, IEnumerable<string> named, DateTimeOffset now)
    {
        _stall = new Stall(commit, reason, message, now);
        ServiceLog.RevisionStalled(logger, commit.Length > 12 ? commit[..12] : commit, reason, message, _good?.Revision.Short ?? "(none)");
        var clusters = (_good?.Clusters.Select(c => c.Name) ?? []).Concat(named).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var cluster in clusters)
        {
            board.Update(cluster, s => s.Stalled(commit, reason, message, now));
            DecideStalled(cluster, now);
        }
    }

    private void DecideStalled(string cluster, DateTimeOffset now)
    {
        var standing = _stall is { } stall
            ? [new Alert(AlertKind.Stalled, AlertState.Firing, cluster, DriftItem.FingerprintOf(cluster, "source", "revision"), $"cluster/{cluster}", "revision",
                _good?.Revision.Commit, stall.Commit, $"revision {Short(stall.Commit)} is not applied ({stall.Reason}): {stall.Message}", stall.Since, now, stall.Commit)]
            : Array.Empty<Alert>();
        Notify(cluster, AlertKind.Stalled, standing, now);
    }

    /// <summary>
    /// A failed step alerts, naming what failed (a guest that did not come back names its VM); a
    /// later run that gets as far as executing without that failure resolves it, except a guest
    /// that is still not up, which stays firing until a run sees it up. A tick that could not even
    /// observe the cluster decides nothing: it says nothing about the steps.
    /// </summary>
    private void DecideFailed(string cluster, DesiredRevision desired, TickResult tick, DateTimeOffset now)
    {
        if (tick.Outcome == TickOutcome.Failed && tick.Execution is null)
        {
            return;
        }

        // Guests still down from an earlier run keep their failure's alert (same fingerprint) firing until they are up.
        var standing = (tick.Execution?.Failures ?? []).Concat(tick.Execution?.GuestsDown ?? []).Select(f =>
        {
            var obj = f.Vm is null ? $"host/{f.Host}" : $"vm/{f.Vm}";
            return new Alert(AlertKind.Failed, AlertState.Firing, cluster, DriftItem.FingerprintOf(cluster, obj, "step/" + f.Kind), obj, f.Kind,
                null, null, $"{f.Kind} on host {f.Host} failed: {f.Reason}", now, now, desired.Commit);
        });
        Notify(cluster, AlertKind.Failed, standing, now);
    }

    private async Task ReconcileClusterAsync(DesiredSet good, Spec.ClusterSpec spec, CancellationToken cancellationToken)
    {
        var desired = new DesiredRevision(good.Revision.Commit, good.Revision.CommittedAt, spec);
        var started = time.GetUtcNow();
        var previous = board.Update(spec.Name, s => s.Starting(desired, started));
        board.SetView(spec.Name, v => v is null ? new ClusterView(spec, null, null, null) : v with { Spec = spec });
        var tick = await RunTickAsync(desired, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        if (tick.Observed is { } observed)
        {
            board.SetView(spec.Name, v => new ClusterView(spec, observed, now, tick.Next));
        }

        var duration = now - started;
        var stalled = _stall is not null;
        Record(spec.Name, desired, tick, duration, now);

        // Alerts first, then status: whoever sees the new status may rely on its alerts being out.
        DecideDrift(spec.Name, desired, previous.Drift, tick, now);
        DecideStalled(spec.Name, now);
        DecideFailed(spec.Name, desired, tick, now);
        var status = board.Update(spec.Name, s => s.Finished(desired, tick, duration, stalled, now));
        var delay = tick.Outcome == TickOutcome.Failed ? Backoff(status.ConsecutiveFailures) : options.Interval;
        _due[spec.Name] = now + delay;
        if (tick.Outcome == TickOutcome.Failed)
        {
            ServiceLog.ReconcileFailed(logger, spec.Name, desired.ShortCommit, tick.Outcome.ToString(), duration.TotalSeconds, tick.Message, delay);
        }
        else
        {
            ServiceLog.Reconciled(logger, spec.Name, desired.ShortCommit, tick.Outcome.ToString(), duration.TotalSeconds, tick.Message);
        }
    }

    private async Task<TickResult> RunTickAsync(DesiredRevision desired, CancellationToken cancellationToken)
    {
        var name = desired.Spec.Name;
        try
        {
            var reconciler = new ClusterReconciler(providers.For(name), journals, options.Executor, time, random.NextDouble, logger);
            var started = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            reconciler.Progress += e =>
            {
                metrics.Operation(e.Operation.Kind, e.Kind);
                if (e.Kind == ExecutionEventKind.Started)
                {
                    started[e.Operation.Id] = time.GetTimestamp();
                    ServiceLog.OperationStarted(logger, name, e.Operation.Host, e.Operation.Description);
                }
                else
                {
                    if (e.Kind == ExecutionEventKind.Succeeded && started.TryRemove(e.Operation.Id, out var at))
                    {
                        board.Timings.Record(name, e.Operation.Kind, time.GetElapsedTime(at));
                    }

                    ServiceLog.Operation(logger, name, e.Operation.Host, e.Operation.Description, Words(e.Kind), e.Message is null ? "" : $": {e.Message}");
                }
            };
            return await reconciler.ReconcileAsync(desired, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            return new TickResult(TickOutcome.Failed, [], [], null, null, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug must not stop the other clusters or the loop; the backoff paces the retries.
            ServiceLog.TickCrashed(logger, name, e);
            return new TickResult(TickOutcome.Failed, [], [], null, null, $"internal error: {e.Message}");
        }
    }

    /// <summary>Metrics of one reconcile; commit-to-converged only when the cluster first matches this revision.</summary>
    private void Record(string cluster, DesiredRevision desired, TickResult tick, TimeSpan duration, DateTimeOffset now)
    {
        metrics.Reconciled(cluster, tick.Outcome, duration, tick.DriftAfter.Count);
        var newlyConverged = tick.Outcome == TickOutcome.Converged && !(_inSync.TryGetValue(cluster, out var synced) && synced == desired.Commit);
        if (newlyConverged)
        {
            metrics.Converged(cluster, desired.Commit, now - desired.CommittedAt);
        }
    }

    /// <summary>
    /// Drift alerts are for drift that appears after the cluster matched this revision (a hand
    /// change); drift that a new revision brings is the change to apply, not an alert.
    /// </summary>
    private void DecideDrift(string cluster, DesiredRevision desired, IReadOnlyList<TrackedDrift> previous, TickResult tick, DateTimeOffset now)
    {
        var before = TrackedDrift.Track(previous, tick.DriftBefore, now);
        var matchedBefore = _inSync.TryGetValue(cluster, out var synced) && synced == desired.Commit;
        if (matchedBefore)
        {
            Notify(cluster, AlertKind.Drift, DriftAlerts(before, desired, now), now);
        }

        if (tick.Outcome == TickOutcome.Converged)
        {
            _inSync[cluster] = desired.Commit;
        }

        var matched = _inSync.TryGetValue(cluster, out synced) && synced == desired.Commit;
        Notify(cluster, AlertKind.Drift, matched ? DriftAlerts(TrackedDrift.Track(before, tick.DriftAfter, now), desired, now) : [], now);
    }

    private static IEnumerable<Alert> DriftAlerts(IEnumerable<TrackedDrift> drift, DesiredRevision desired, DateTimeOffset now) =>
        drift.Select(d => new Alert(AlertKind.Drift, AlertState.Firing, d.Item.Cluster, d.Item.Fingerprint, d.Item.Object, d.Item.Field,
            d.Item.Desired, d.Item.Observed, d.Item.Sentence, d.Onset, now, desired.Commit));

    private void Notify(string cluster, AlertKind kind, IEnumerable<Alert> standing, DateTimeOffset now)
    {
        var book = _alerts.GetValueOrDefault(cluster, AlertBook.Empty);
        var (next, send) = book.Decide(kind, standing, now, options.Alerts.RenotifyInterval);
        _alerts[cluster] = next;
        foreach (var alert in send)
        {
            ServiceLog.Alerting(logger, alert.State.ToString().ToLowerInvariant(), cluster, alert.Object, alert.Message);
            alerts.Send(alert);
        }
    }

    private TimeSpan Backoff(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(options.MaxBackoff.Ticks, options.InitialBackoff.Ticks * factor));
        return delay * (0.8 + (0.4 * random.NextDouble())); // jitter: many clusters must not retry in step
    }

    private TimeSpan NextDelay()
    {
        var now = time.GetUtcNow();
        var next = _due.Values.DefaultIfEmpty(now + options.Interval).Min();
        var delay = next - now;
        return delay < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : delay > options.Interval ? options.Interval : delay;
    }

    private static string Words(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.Succeeded => "done",
        ExecutionEventKind.AlreadyDone => "already in place",
        ExecutionEventKind.Failed => "FAILED",
        _ => "not run",
    };

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
