using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
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
            var observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var stranded = PlanExecutor.StrandedIn(journals.Load(spec.Name), spec, observed);
            var plan = Planner.Plan(spec, observed, GpuCatalog.Default, time.GetUtcNow(), stranded);
            var before = plan.Drift;
            if (spec.Policy.Mode == PolicyMode.Alert)
            {
                if (stranded.Count > 0)
                {
                    // Alert mode changes nothing to match the spec, but VMs an interrupted enforce run
                    // stopped were running before we touched them: start them again (the journal's
                    // restore alone, with no operation of the plan), so no mode leaves them off.
                    var restorer = new PlanExecutor(provider, journals, options, time, randomizer, logger);
                    restorer.Progress += e => Progress?.Invoke(e);
                    await restorer.ExecuteAsync(plan with { Operations = ValueList<Operation>.Empty, Blocked = ValueList<BlockedItem>.Empty }, spec, desired.Commit, cancellationToken).ConfigureAwait(false);
                    observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
                    plan = Planner.Plan(spec, observed, GpuCatalog.Default, time.GetUtcNow(), PlanExecutor.StrandedIn(journals.Load(spec.Name), spec, observed));
                    before = plan.Drift;
                }

                return before.Count == 0
                    ? new TickResult(TickOutcome.Converged, before, before, plan, null, "the cluster matches the spec", Observed: observed, Next: plan)
                    : new TickResult(TickOutcome.Drifted, before, before, plan, null, $"alert mode: {Differences(before.Count)}, nothing changed", Observed: observed, Next: plan);
            }

            if (!plan.HasChanges)
            {
                return plan.IsBlocked || before.Count > 0
                    ? new TickResult(TickOutcome.Blocked, before, before, plan, null, Blocked(plan), Observed: observed, Next: plan)
                    : new TickResult(TickOutcome.Converged, before, before, plan, null, "the cluster matches the spec", Observed: observed, Next: plan);
            }

            var executor = new PlanExecutor(provider, journals, options, time, randomizer, logger);
            executor.Progress += e => Progress?.Invoke(e);
            var execution = await executor.ExecuteAsync(plan, spec, desired.Commit, cancellationToken).ConfigureAwait(false);

            // Phase 7: what the cluster looks like now, not what the operations said.
            var after = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var remaining = Planner.Plan(spec, after, GpuCatalog.Default, time.GetUtcNow(), PlanExecutor.StrandedIn(journals.Load(spec.Name), spec, after));
            return execution.Status switch
            {
                ExecutionStatus.Converged => new TickResult(TickOutcome.Converged, before, remaining.Drift, plan, execution, $"{execution.Executed} operation(s) applied; the cluster matches the spec", Observed: after, Next: remaining),
                ExecutionStatus.Blocked => new TickResult(TickOutcome.Blocked, before, remaining.Drift, plan, execution, Blocked(remaining), Observed: after, Next: remaining),
                _ => new TickResult(TickOutcome.Failed, before, remaining.Drift, plan, execution, Failed(execution), Transient: true, Observed: after, Next: remaining),
            };
        }
        catch (ProviderException e)
        {
            return new TickResult(TickOutcome.Failed, [], [], null, null, $"the cluster could not be observed: {e.Message}", e.Kind == ProviderErrorKind.Transient);
        }
    }

    private static string Differences(int count) => count == 1 ? "1 difference" : $"{count} differences";

    private static string Blocked(Plan plan) =>
        plan.Blocked.Count == 0
            ? $"{Differences(plan.Drift.Count)} that no operation can remove"
            : $"blocked: {string.Join("; ", plan.Blocked.Take(3).Select(b => $"{b.Object}: {b.Message}"))}{(plan.Blocked.Count > 3 ? $" (+{plan.Blocked.Count - 3} more)" : "")}";

    private static string Failed(ExecutionResult execution) =>
        execution.Failures.Count == 0
            ? "the plan failed"
            : string.Join("; ", execution.Failures.Take(3).Select(f => $"host {f.Host}{(f.Vm is null ? "" : $", VM {f.Vm}")}, {f.Kind}: {f.Reason}"));
}
