using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Planning;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler plan -f SPEC [--sim DIR | --hyperv FILE] [-o text|markdown|json] [--detailed-exitcode]</c>: observe, diff
/// and print the plan. Exit 0 no changes, 2 changes (with --detailed-exitcode), 1 error.
/// </summary>
internal static class PlanCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Option<string>("--file", "-f") { Description = "The cluster spec (a file holding one GpuCluster, or several with the target's name among them)", Required = true };
        var target = ClusterTarget.Required();
        var format = OutputFormat.Option("text", "markdown", "json");
        var detailed = new Option<bool>("--detailed-exitcode") { Description = "Exit 2 when the plan has changes or blocked items, 0 when there is nothing to do" };
        var command = new Command("plan", "Observe the cluster, compare it with the spec and print the plan") { file, format, detailed };
        target.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var provider = target.Open(result);
            var observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            var spec = SpecArgument.Load(result.GetValue(file)!, observed.Name, error);
            if (spec is null)
            {
                return ExitCodes.Failure;
            }

            var plan = Planner.Plan(spec, observed, GpuCatalog.Default, TimeProvider.System.GetUtcNow());
            switch (result.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(JsonSerializer.Serialize(PlanJson.From(plan), JsonOptions.Default)).ConfigureAwait(false);
                    break;
                case "markdown":
                    await output.WriteAsync(PlanMarkdown.Write(plan)).ConfigureAwait(false);
                    break;
                default:
                    PlanText.Write(Terminal.For(output), plan);
                    break;
            }

            return result.GetValue(detailed) && (plan.HasChanges || plan.IsBlocked) ? 2 : ExitCodes.Success;
        });
        return command;
    }
}
