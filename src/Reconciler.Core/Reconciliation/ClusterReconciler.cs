using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Reconciliation;

/// <summary>
/// One tick for one cluster, phases 3-7 of the loop: observe, diff, plan (enforce mode only),
/// execute through the journal, observe again and verify. It never throws for what the cluster
/// does; failures come back as a <see cref="TickResult"/>.
/// </summary>
public sealed class ClusterReconciler(IClusterProvider provider, IJournalStore journals, ExecutorOptions options, TimeProvider time, Func<double> randomizer, ILogger? logger = null)
{
    public event Action<ExecutionEvent>? Progress;

    public async Task<TickResult> ReconcileAsync(DesiredRevision desired, CancellationToken cancellationToken)
    {
        var spec = desired.Spec;
        try
        {
            // Phases 3 and 4: observe, diff.
            var observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var stranded = Journal.StrandedIn(journals.Load(spec.Name), spec, observed);
            var diff = Diff.Of(spec, observed, GpuCatalog.Default, stranded);
            var before = diff.Drift;
            if (spec.Policy.Mode == PolicyMode.Alert)
            {
                // Phase 5 in alert mode: report the drift, plan nothing.
                if (stranded.Count > 0)
                {
                    // Alert mode changes nothing to match the spec, but VMs an interrupted enforce run
                    // stopped were running before we touched them: start them again (the journal's
                    // restore alone, with no operation), so no mode leaves them off.
                    var restored = await Executor().ExecuteAsync(Plan.Empty(spec.Name), spec, desired.Commit, observed, cancellationToken).ConfigureAwait(false);
                    before = restored.Remaining;
                }

                return before.Count == 0
                    ? new TickResult(TickOutcome.Converged, before, before, null, null, "the cluster matches the spec", Observed: observed)
                    : new TickResult(TickOutcome.Drifted, before, before, null, null, $"alert mode: {Differences(before.Count)}, nothing changed", Observed: observed);
            }

            var plan = Planner.Plan(spec, observed, diff, time.GetUtcNow());
            if (!plan.HasChanges)
            {
                // Guests an earlier run started and never saw up: ask again (an empty plan does only
                // that), so the journal lets go of those now up, and those still down stay reported.
                var check = journals.Load(spec.Name) is { Booting.Count: > 0 }
                    ? await Executor().ExecuteAsync(plan, spec, desired.Commit, observed, cancellationToken).ConfigureAwait(false)
                    : null;
                var guests = check is { GuestsDown.Count: > 0 } ? "; " + string.Join("; ", check.GuestsDown.Select(g => g.Reason)) : "";
                return plan.IsBlocked || before.Count > 0
                    ? new TickResult(TickOutcome.Blocked, before, before, plan, check, Blocked(plan.Blocked, before.Count) + guests, Observed: observed, Next: plan)
                    : new TickResult(TickOutcome.Converged, before, before, plan, check, "the cluster matches the spec" + guests, Observed: observed, Next: plan);
            }

            // Phases 6 and 7: execute, and verify once (the executor ends with a fresh observation and its diff).
            var execution = await Executor().ExecuteAsync(plan, spec, desired.Commit, observed, cancellationToken).ConfigureAwait(false);
            var after = execution.Remaining;

            // What the next tick would run, for status and the dashboard: planned from the run's
            // final observation, never observed again.
            var next = execution.After is { } last
                ? Planner.Plan(spec, last, GpuCatalog.Default, time.GetUtcNow(), Journal.StrandedIn(journals.Load(spec.Name), spec, last))
                : null;
            return execution.Status switch
            {
                ExecutionStatus.Converged => new TickResult(TickOutcome.Converged, before, after, plan, execution, $"{execution.Executed} operation(s) applied; the cluster matches the spec", Observed: execution.After, Next: next),
                ExecutionStatus.Blocked => new TickResult(TickOutcome.Blocked, before, after, plan, execution, Blocked(execution.Blocked, after.Count), Observed: execution.After, Next: next),
                _ => new TickResult(TickOutcome.Failed, before, after, plan, execution, Failed(execution), Observed: execution.After, Next: next),
            };
        }
        catch (ProviderException e)
        {
            return new TickResult(TickOutcome.Failed, [], [], null, null, $"the cluster could not be observed: {e.Message}");
        }
    }

    private PlanExecutor Executor()
    {
        var executor = new PlanExecutor(provider, journals, options, time, randomizer, logger);
        executor.Progress += e => Progress?.Invoke(e);
        return executor;
    }

    private static string Differences(int count) => count == 1 ? "1 difference" : $"{count} differences";

    private static string Blocked(IReadOnlyList<BlockedItem> blocked, int drift) =>
        blocked.Count == 0
            ? $"{Differences(drift)} that no operation can remove"
            : $"blocked: {string.Join("; ", blocked.Take(3).Select(b => $"{b.Object}: {b.Message}"))}{(blocked.Count > 3 ? $" (+{blocked.Count - 3} more)" : "")}";

    private static string Failed(ExecutionResult execution) =>
        execution.Failures.Count == 0
            ? "the plan failed"
            : string.Join("; ", execution.Failures.Take(3).Select(f => $"host {f.Host}{(f.Vm is null ? "" : $", VM {f.Vm}")}, {f.Kind}: {f.Reason}"));
}
