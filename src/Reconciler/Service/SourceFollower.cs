using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.Git;
using Reconciler.LoopPolicy;
using Reconciler.Metrics;
using Reconciler.Reconciliation;
using Reconciler.Text;
using Reconciler.Validation;

namespace Reconciler.Service;

/// <summary>
/// Phases 1 and 2 of the loop, off its reconcile path: fetches in the background (one at a time),
/// so a remote that hangs until the git timeout never holds up reconciling the last good
/// revision; a fetch that brings a new revision wakes the loop. The loop takes a finished fetch
/// in at its next tick: <see cref="RevisionIntake"/> decides which clusters move on and which stall.
/// </summary>
internal sealed class SourceFollower(ISpecSource source, StatusBoard board, TickTrigger trigger, ReconcilerMetrics metrics, TimeProvider time, ILogger logger)
{
    private Task<Fetched>? _fetching;
    private volatile string? _lastEvaluated;

    /// <summary>What the loop reconciles; null until a revision gave some cluster a good spec.</summary>
    public DesiredSet? Good { get; private set; }

    /// <summary>The clusters the newest revision stalls, by name.</summary>
    public IReadOnlyDictionary<string, Stall> Stalls { get; private set; } = new Dictionary<string, Stall>();

    /// <summary>The fetch in flight, if any (tests wait for it instead of sleeping).</summary>
    internal Task? InFlight => _fetching;

    /// <summary>
    /// Takes in a finished fetch and starts the next one. Waits for the fetch only while there is
    /// nothing to reconcile yet. True when the set to reconcile or the stalls changed.
    /// </summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var changed = false;
        if (_fetching is { IsCompleted: true } done)
        {
            _fetching = null;
            changed = Take(await done.ConfigureAwait(false));
        }

        _fetching ??= Task.Run(() => FetchAsync(cancellationToken), cancellationToken);
        if (Good is null)
        {
            var first = _fetching;
            _fetching = null;
            changed |= Take(await first.ConfigureAwait(false));
        }

        return changed;
    }

    private async Task<Fetched> FetchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = await source.FetchAsync(cancellationToken).ConfigureAwait(false);
            return Succeeded(new Fetched(snapshot.Revision.Commit, snapshot, null));
        }
        catch (UntrustedRevisionException e)
        {
            // The remote answered: a fetch, of a revision that cannot be used.
            return Succeeded(new Fetched(e.Revision?.Commit ?? "unknown", null, e.Message));
        }
        catch (GitException e)
        {
            var now = time.GetUtcNow();
            metrics.FetchFailed();
            ServiceLog.FetchFailed(logger, Good is { } good ? CommitId.Short(good.Commit) : "(none yet)", e.Message);
            board.SetSource(s => s with { LastFetchAttemptAt = now, FetchError = e.Message });
            return new Fetched(null, null, null);
        }
    }

    private Fetched Succeeded(Fetched fetched)
    {
        var now = time.GetUtcNow();
        metrics.Fetched(now);
        board.SetSource(s => s with { LastFetchedRevision = fetched.Commit, LastFetchAt = now, LastFetchAttemptAt = now, FetchError = null });
        if (fetched.Commit != _lastEvaluated && Good is not null)
        {
            trigger.Fire(); // a new revision: the loop takes it in now, not at its next timer (with none yet, it is waiting for this fetch)
        }

        return fetched;
    }

    /// <summary>Takes a fetched revision in, once per commit.</summary>
    private bool Take(Fetched fetched)
    {
        if (fetched.Commit is not { } commit || commit == _lastEvaluated)
        {
            return false;
        }

        _lastEvaluated = commit;
        var now = time.GetUtcNow();
        Intake intake;
        if (fetched.Snapshot is { } snapshot)
        {
            var set = SpecSet.Load(snapshot.Files.Select(f => new SpecSource(f.Path, f.Content)), GpuCatalog.Default);
            foreach (var finding in set.Diagnostics)
            {
                ServiceLog.Finding(logger, $"{CommitId.Short(commit)} {finding}");
            }

            intake = RevisionIntake.Take(Good, commit, snapshot.Revision.CommittedAt, set, now);
            if (intake.Good is { } good && good.Commit == commit)
            {
                ServiceLog.RevisionAccepted(logger, CommitId.Short(commit), good.Clusters.Count(c => c.Desired.Commit == commit), set.WarningCount);
            }
        }
        else
        {
            var stall = new Stall(commit, Reason.UntrustedRevision, fetched.Untrusted!, now);
            intake = new Intake(Good, (Good?.Clusters ?? []).ToDictionary(c => c.Name, _ => stall, StringComparer.OrdinalIgnoreCase), [fetched.Untrusted!]);
        }

        foreach (var stall in intake.Stalls.Values.Distinct())
        {
            ServiceLog.RevisionStalled(logger, CommitId.Short(commit), stall.Reason, stall.Message, Good is { } last ? CommitId.Short(last.Commit) : "(none)");
        }

        Good = intake.Good;
        Stalls = intake.Stalls;
        metrics.Stalled(Stalls.Count);
        board.SetSource(s => s with { LastGoodRevision = Good?.Commit, Invalid = intake.Errors });
        return true;
    }
}
