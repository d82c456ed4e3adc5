using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Execution;

/// <summary>
/// Runs a plan against a provider: hosts in parallel (bounded), one operation at a time per host.
/// An operation starts once everything it depends on has succeeded; of a host's ready operations,
/// the one with the most work waiting on it goes first (<see cref="CriticalPath"/>; ties keep plan
/// order), and never more VMs down than the budget. Each operation is skipped when it already
/// holds, and checked after it reports success. A started VM stays down, and its start unfinished,
/// until its guest reports healthy (<see cref="GuestGate"/>, policy.health). The journal records, before the first shutdown,
/// every running VM the plan will stop, so no crash can strand one; after a failure, every VM this
/// run took down that should run is put back and started.
/// </summary>
/// <param name="randomizer">Jitter for retry delays, in [0, 1); injected so tests replay exactly.</param>
/// <param name="logger">Where a failing progress handler is reported; nowhere by default.</param>
public sealed class PlanExecutor(IClusterProvider provider, IJournalStore journals, ExecutorOptions options, TimeProvider time, Func<double> randomizer, ILogger? logger = null)
{
    private readonly ProviderCalls _calls = new(options, time, randomizer);
    private readonly GuestGate _guests = new(provider, options, time);
    private int _progressFailed;

    public event Action<ExecutionEvent>? Progress;

    public Task<ExecutionResult> ExecuteAsync(Plan plan, ClusterSpec spec, string revision, CancellationToken cancellationToken) =>
        ExecuteAsync(plan, spec, revision, before: null, cancellationToken);

    /// <param name="before">The observation the plan was made from, when the caller has it (saves one observation).</param>
    public async Task<ExecutionResult> ExecuteAsync(Plan plan, ClusterSpec spec, string revision, ObservedCluster? before, CancellationToken cancellationToken)
    {
        var retries = RetryBudget.For(plan.Operations.Count, options);
        before ??= await _calls.ObserveAsync(provider, retries, cancellationToken).ConfigureAwait(false);
        var journal = StartJournal(plan, revision, before);
        var run = new ExecutionRun(plan, DisruptionBudget.Of(spec));
        var downBefore = await _guests.StillDownAsync(journal, before, cancellationToken).ConfigureAwait(false);
        run.DownBefore(downBefore.Select(d => d.Vm!));
        await ScheduleAsync(run, journal, retries, spec.Policy.Health.Timeout, cancellationToken).ConfigureAwait(false);
        var after = await RestoreAsync(run, spec, before, journal, cancellationToken).ConfigureAwait(false);

        // Verify once, against a fresh diff of the final observation (phase 7 of the loop).
        var stranded = Journal.StrandedIn(journal, spec, after);
        var remaining = Diff.Of(spec, after, GpuCatalog.Default, stranded);
        var unfinished = Unfinished(plan, remaining);
        var held = plan.Operations.Where(run.HeldByGuestsDownBefore).ToList();
        if (run.Failures.Count == 0 && plan.Operations.Count > 0 && unfinished.Count > 0 && held.Count == 0)
        {
            // Every step said it worked, yet what it changed still needs work: that is a failure of its own.
            var sentences = remaining.Drift.Where(d => unfinished.Contains(d.Object)).Take(5).Select(d => d.Sentence).ToList();
            run.Failures.Add(new ExecutionFailure("-", null, "-", "Verify",
                $"the plan ran, but the cluster still differs: {(sentences.Count > 0 ? string.Join("; ", sentences) : string.Join(", ", unfinished.Order(StringComparer.Ordinal).Take(5)))}"));
        }

        var guestsDown = run.GuestsDown;
        if (stranded.Count == 0 && guestsDown.Count == 0)
        {
            journals.Complete(plan.Cluster);
        }
        else if (journal.Booting.Count > 0 || guestsDown.Count > 0)
        {
            journals.Save(journal with { Done = [.. run.Completed], Booting = guestsDown });
        }

        var blocked = plan.Blocked.Concat(remaining.Blocked).DistinctBy(b => (b.Object, b.Reason)).ToList();
        if (held.Count > 0)
        {
            blocked.Add(new BlockedItem("policy/maxUnavailable", BlockReason.Budget,
                $"{held.Count} shutdown(s) wait: {string.Join("; ", downBefore.Select(d => d.Reason))}"));
        }

        var status = run.Failures.Count > 0 ? ExecutionStatus.Failed : blocked.Count > 0 ? ExecutionStatus.Blocked : ExecutionStatus.Converged;
        return new ExecutionResult(status, run.Failures, run.Executed, run.Skipped, run.NotRun)
        {
            After = after,
            Remaining = remaining.Drift,
            Blocked = blocked,
            GuestsDown = downBefore,
        };
    }

    /// <summary>
    /// Objects the plan set out to change that the final diff still has work for: their operations
    /// "worked" (or never started), yet the object is not done. Work on objects the plan left
    /// alone (blocked, outside a window, drift that appeared meanwhile) is not this run's failure.
    /// </summary>
    private static HashSet<string> Unfinished(Plan plan, ClusterDiff remaining)
    {
        var pending = remaining.Pending();
        var unfinished = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var op in plan.Operations)
        {
            foreach (var obj in new[] { op.Vm is null ? null : $"vm/{op.Vm}", op.Gpu is null ? null : $"host/{op.Host}/gpu/{op.Gpu}" })
            {
                if (obj is not null && pending.Contains(obj))
                {
                    unfinished.Add(obj);
                }
            }
        }

        return unfinished;
    }

    private Journal StartJournal(Plan plan, string revision, ObservedCluster before)
    {
        var stopping = plan.Operations.Where(o => o.Kind == OperationKind.StopVm && before.Vm(o.Vm!) is { State: VmPowerState.Running }).Select(o => o.Vm!);
        var journal = (journals.Load(plan.Cluster) ?? new Journal(plan.Cluster, revision, time.GetUtcNow(), [], [], []))
            with { Revision = revision, Operations = [.. plan.Operations.Select(o => o.Id)], Done = [] };
        journal = journal.Remembering(stopping);
        if (plan.Operations.Count > 0 || journal.StoppedRunning.Count > 0)
        {
            journals.Save(journal); // durable before the first disruptive step
        }

        return journal;
    }

    private async Task ScheduleAsync(ExecutionRun run, Journal journal, RetryBudget retries, TimeSpan healthTimeout, CancellationToken cancellationToken)
    {
        // Pairs, not a dictionary keyed by task: operations that finish synchronously may share
        // the runtime's one cached completed task. Guest waits hold no host (Guest: true).
        var running = new List<(Operation Op, Task Task, bool Guest)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (true)
            {
                var launch = run.Launchable(running.Count(r => !r.Guest), options.MaxParallelHosts);
                if (launch.Count > 0)
                {
                    // One observation for the whole batch: everything these operations wait for has finished.
                    var (now, unobservable) = await ObserveForBatchAsync(retries, stop.Token).ConfigureAwait(false);
                    foreach (var op in launch)
                    {
                        run.Begin(op);
                        if (now is null)
                        {
                            // Not started: the normal failure path (no new shutdowns, restore) takes over.
                            run.Fail(op, unobservable!);
                            run.End(op);
                            Report(new ExecutionEvent(op, ExecutionEventKind.Failed, unobservable));
                        }
                        else
                        {
                            running.Add((op, RunOperationAsync(run, op, now, retries, stop.Token), Guest: false));
                        }
                    }

                    if (now is null)
                    {
                        continue; // operations independent of the failed ones (a restart) may still be ready
                    }
                }

                if (running.Count == 0)
                {
                    break;
                }

                await Task.WhenAny(running.Select(r => r.Task)).ConfigureAwait(false);
                foreach (var finished in running.Where(r => r.Task.IsCompleted).ToList())
                {
                    await finished.Task.ConfigureAwait(false); // anything but a provider failure (cancellation, a bug) ends the run here, as a crash would
                    running.Remove(finished);
                    if (finished.Guest)
                    {
                        continue;
                    }

                    run.End(finished.Op);
                    if (run.TakeBooting(finished.Op, out var skipped))
                    {
                        // The host is free for its next step; the VM is not available until its guest is up.
                        running.Add((finished.Op, WaitForGuestAsync(run, finished.Op, skipped, healthTimeout, stop.Token), Guest: true));
                    }
                }

                journals.Save(journal with { Done = [.. run.Completed], Booting = run.GuestsDown });
            }
        }
        finally
        {
            if (running.Count > 0)
            {
                // Something is propagating: no operation may outlive this executor, or the next
                // one (the service's next tick) would change the same hosts while it still runs.
                await stop.CancelAsync().ConfigureAwait(false);
                // Awaited for their end only: what they throw now (mostly cancellation) is not what is propagating.
                await Task.WhenAll(running.Select(r => r.Task)).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
            }
        }

        foreach (var op in run.Abandoned())
        {
            Report(new ExecutionEvent(op, ExecutionEventKind.NotRun, run.WhyNotRun(op)));
        }
    }

    /// <summary>The batch's observation, or why there is none (the provider still failed after retries).</summary>
    private async Task<(ObservedCluster? Now, string? Reason)> ObserveForBatchAsync(RetryBudget retries, CancellationToken cancellationToken)
    {
        try
        {
            return (await _calls.ObserveAsync(provider, retries, cancellationToken).ConfigureAwait(false), null);
        }
        catch (ProviderException ex)
        {
            return (null, $"not started: the cluster could not be observed to check whether it was already done: {ex.Message}");
        }
    }

    private async Task RunOperationAsync(ExecutionRun run, Operation op, ObservedCluster now, RetryBudget retries, CancellationToken cancellationToken)
    {
        try
        {
            if (Postconditions.AlreadyDone(op, now))
            {
                if (op.Kind == OperationKind.StartVm)
                {
                    run.Booting(op, skipped: true); // running already, perhaps still booting: the gate decides
                    return;
                }

                run.Succeed(op, skipped: true);
                Report(new ExecutionEvent(op, ExecutionEventKind.AlreadyDone));
                return;
            }

            Report(new ExecutionEvent(op, ExecutionEventKind.Started));
            await CallAsync(op, retries, cancellationToken).ConfigureAwait(false);
            if (!Postconditions.Hold(op, await _calls.ObserveAsync(provider, retries, cancellationToken).ConfigureAwait(false)))
            {
                throw new ProviderException(ProviderErrorKind.Permanent, $"{op.Kind} reported success but the change is not visible on host {op.Host}", "NotVisible");
            }

            if (op.Kind == OperationKind.StartVm)
            {
                run.Booting(op, skipped: false);
                return;
            }

            run.Succeed(op, skipped: false);
            Report(new ExecutionEvent(op, ExecutionEventKind.Succeeded));
        }
        catch (ProviderException ex)
        {
            run.Fail(op, ex.Message);
            Report(new ExecutionEvent(op, ExecutionEventKind.Failed, ex.Message));
        }
    }

    /// <summary>A start's second half: it succeeds when the guest is up, and fails, naming the guest, when it is not in time.</summary>
    private async Task WaitForGuestAsync(ExecutionRun run, Operation op, bool skipped, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (await _guests.WaitAsync(op.Host, op.Vm!, timeout, cancellationToken).ConfigureAwait(false) is { } failure)
        {
            run.Fail(op, failure);
            Report(new ExecutionEvent(op, ExecutionEventKind.Failed, failure));
            return;
        }

        run.Succeed(op, skipped);
        Report(new ExecutionEvent(op, skipped ? ExecutionEventKind.AlreadyDone : ExecutionEventKind.Succeeded));
    }

    /// <summary>
    /// The operation's call, run again while it fails transiently: up to <see cref="ExecutorOptions.MaxOperationAttempts"/>
    /// times (each with the call's own retries) while the run's retry budget lasts. Between runs it
    /// waits the longest retry delay and checks a fresh observation, since a call that failed may
    /// still have taken effect.
    /// </summary>
    private async Task CallAsync(Operation op, RetryBudget retries, CancellationToken cancellationToken)
    {
        var timeout = options.CallTimeout + (op.Arguments.ShutdownTimeout ?? TimeSpan.Zero);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _calls.RunAsync(op.Host, timeout, ct => OperationDispatch.ExecuteAsync(provider, op, ct), retries, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ProviderException ex) when (ex.IsTransient && attempt < options.MaxOperationAttempts && retries.TryTake())
            {
                ExecutorLog.OperationRunAgain(logger ?? NullLogger.Instance, op.Id, op.Kind, op.Host, attempt, retries.Left, ex.Message);
            }

            await Task.Delay(options.MaxRetryDelay, time, cancellationToken).ConfigureAwait(false);
            if (Postconditions.AlreadyDone(op, await _calls.ObserveAsync(provider, retries, cancellationToken).ConfigureAwait(false)))
            {
                return;
            }
        }
    }

    /// <summary>
    /// After the plan, every VM this reconciler stopped while it ran, and that should run, is
    /// running: with its previous partition put back if the plan had taken it and not given a new one.
    /// </summary>
    /// <returns>The cluster as the run leaves it: observed again only when something was restored.</returns>
    private async Task<ObservedCluster> RestoreAsync(ExecutionRun run, ClusterSpec spec, ObservedCluster before, Journal journal, CancellationToken cancellationToken)
    {
        // Not on the run's retry budget: bringing VMs back must not be starved by the faults that failed the run.
        var now = await _calls.ObserveAsync(provider, null, cancellationToken).ConfigureAwait(false);
        var stranded = Journal.StrandedIn(journal, spec, now);
        foreach (var name in stranded.Order(StringComparer.OrdinalIgnoreCase))
        {
            var vm = now.Vm(name)!;
            try
            {
                if (before.Vm(name)?.Partition is { } previous && vm.Partition is null && vm.DdaDevices.Count == 0)
                {
                    await _calls.RunAsync(vm.Host, options.CallTimeout, ct => provider.AddPartitionAdapterAsync(vm.Host, name, previous.Pinned ? previous.GpuLocationPath : null, previous.Settings, ct), null, cancellationToken)
                        .ConfigureAwait(false);
                }

                await _calls.RunAsync(vm.Host, options.CallTimeout, ct => provider.StartVmAsync(vm.Host, name, ct), null, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                run.Failures.Add(new ExecutionFailure(vm.Host, name, "-", "StartVm", $"VM {name} was stopped for the change and could not be started again: {ex.Message}"));
            }
        }

        return stranded.Count == 0 ? now : await _calls.ObserveAsync(provider, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Tells every progress handler, each on its own: a handler that throws (a closed pipe under
    /// <c>apply | head</c>) must never end the run, or restore would not run and VMs stay off.
    /// </summary>
    private void Report(ExecutionEvent e)
    {
        foreach (var handler in Progress?.GetInvocationList() ?? [])
        {
            try
            {
                ((Action<ExecutionEvent>)handler)(e);
            }
            catch (Exception ex)
            {
                if (Interlocked.Exchange(ref _progressFailed, 1) == 0)
                {
                    ExecutorLog.ProgressFailed(logger ?? NullLogger.Instance, ex.GetType().Name, ex);
                }
            }
        }
    }
}
