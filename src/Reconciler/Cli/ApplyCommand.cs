using System.CommandLine;
using Reconciler.Catalog;
using Reconciler.Cli.Progress;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Service;
using Spectre.Console;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler apply -f SPEC [--sim DIR | --hyperv FILE] [--yes]</c>: plan, confirm, execute with progress.
/// Exit 0 converged, 1 failed, 3 blocked (window, budget, conflict).
/// </summary>
internal static class ApplyCommand
{
    public const int Blocked = 3;

    public static Command Create(TextWriter output, TextWriter error, TextReader input)
    {
        var file = new Option<string>("--file", "-f") { Description = "The cluster spec", Required = true };
        var target = ClusterTarget.Required();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var journal = new Option<string>("--journal") { Description = $"Directory of the crash journal (default {FileJournalStore.DefaultDirectory})", DefaultValueFactory = _ => FileJournalStore.DefaultDirectory };
        var command = new Command("apply", "Plan and execute the changes that make the cluster match the spec") { file, yes, journal };
        target.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var provider = target.Open(result);
            var journals = new FileJournalStore(result.GetValue(journal)!);
            var observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var spec = SpecArgument.Load(result.GetValue(file)!, observed.Name, error);
            if (spec is null)
            {
                return ExitCodes.Failure;
            }

            // A journal left by an interrupted apply names VMs it stopped: this plan starts them again.
            var stranded = Journal.StrandedIn(journals.Load(spec.Name), spec, observed);
            var plan = Planner.Plan(spec, observed, GpuCatalog.Default, TimeProvider.System.GetUtcNow(), stranded);
            var console = Terminal.For(output);
            PlanText.Write(console, plan);
            if (stranded.Count > 0)
            {
                console.WriteLine($"Resuming an interrupted apply: {string.Join(", ", stranded)} will be started again.");
            }

            if (!plan.HasChanges)
            {
                return plan.IsBlocked ? Blocked : ExitCodes.Success;
            }

            if (!result.GetValue(yes) && !await ConfirmAsync(output, input).ConfigureAwait(false))
            {
                await output.WriteLineAsync("Nothing was changed.").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            var executor = new PlanExecutor(provider, journals, new ExecutorOptions(), TimeProvider.System, Randomizer.Shared.NextDouble);
            var outcome = await ApplyProgress.For(output, TimeProvider.System)
                .RunAsync(plan, executor, () => executor.ExecuteAsync(plan, spec, "local", observed, cancellationToken)).ConfigureAwait(false);
            await output.WriteLineAsync($"{outcome.Status}: {outcome.Executed} operation(s) done, {outcome.Skipped} already in place, {outcome.NotRun} not run.").ConfigureAwait(false);
            foreach (var failure in outcome.Failures)
            {
                await output.WriteLineAsync($"  failed: host {failure.Host}{(failure.Vm is null ? "" : $", VM {failure.Vm}")}, {failure.Kind} ({failure.OperationId}): {failure.Reason}").ConfigureAwait(false);
            }

            return outcome.Status switch
            {
                ExecutionStatus.Converged => ExitCodes.Success,
                ExecutionStatus.Blocked => Blocked,
                _ => ExitCodes.Failure,
            };
        });
        return command;
    }

    private static async Task<bool> ConfirmAsync(TextWriter output, TextReader input)
    {
        await output.WriteAsync("Apply these changes? Only 'yes' is accepted: ").ConfigureAwait(false);
        await output.FlushAsync().ConfigureAwait(false);
        var answer = await input.ReadLineAsync().ConfigureAwait(false);
        return string.Equals(answer?.Trim(), "yes", StringComparison.OrdinalIgnoreCase);
    }
}
