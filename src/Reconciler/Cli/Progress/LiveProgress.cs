using System.Collections.Concurrent;
using Reconciler.Execution;
using Reconciler.Planning;
using Spectre.Console;

namespace Reconciler.Cli.Progress;

/// <summary>
/// Spectre.Console progress in a terminal: a bar per host, whose line shows the step that host
/// finished last, and one overall. When the plan is done, every step is listed, host by host.
/// </summary>
internal sealed class LiveProgress(TimeProvider time) : ApplyProgress(time)
{
    private readonly ConcurrentQueue<FinishedStep> _steps = new();

    public override async Task<ExecutionResult> RunAsync(Plan plan, PlanExecutor executor, Func<Task<ExecutionResult>> execute)
    {
        var console = AnsiConsole.Console;
        ExecutionResult? result = null;
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var overall = context.AddTask("[bold]all hosts[/]", maxValue: plan.Operations.Count);
                var hosts = plan.Operations.GroupBy(o => o.Host, StringComparer.OrdinalIgnoreCase)
                    .ToDictionary(g => g.Key, g => context.AddTask(Markup.Escape(g.Key), maxValue: g.Count()), StringComparer.OrdinalIgnoreCase);
                void OnEvent(ExecutionEvent e)
                {
                    if (Finished(e) is not { } step)
                    {
                        return;
                    }

                    _steps.Enqueue(step);
                    var host = hosts[step.Operation.Host];
                    host.Description = Markup.Escape($"{step.Operation.Host}: {step.Result} {step.Operation.Kind} {step.Operation.Vm ?? step.Operation.Gpu} ({step.Duration.TotalSeconds:0.0} s)");
                    host.Increment(1);
                    overall.Increment(1);
                }

                executor.Progress += OnEvent;
                try
                {
                    result = await execute().ConfigureAwait(false);
                }
                finally
                {
                    executor.Progress -= OnEvent;
                }
            }).ConfigureAwait(false);

        foreach (var host in _steps.GroupBy(s => s.Operation.Host, StringComparer.OrdinalIgnoreCase).OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase))
        {
            console.MarkupLine($"[bold]{Markup.Escape(host.Key)}[/]");
            foreach (var step in host)
            {
                var colour = step.Result switch { "failed" => "red", "not-run" => "yellow", _ => "green" };
                console.MarkupLine($"  [{colour}]{step.Result,-8}[/] {Markup.Escape($"{step.Operation.Id} {step.Operation.Description} ({step.Duration.TotalSeconds:0.0} s){(step.Result == "failed" ? $": {step.Message}" : "")}")}");
            }
        }

        return result!;
    }
}
