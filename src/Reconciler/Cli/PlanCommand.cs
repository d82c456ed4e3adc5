using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Planning;
using Reconciler.Validation;
using Reconciler.Yaml;

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
        var target = new ClusterTarget();
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

/// <summary>
/// Loads the spec named by <c>-f</c> and picks the cluster the target is, refusing an invalid spec.
/// Findings go to <paramref name="output"/>, which callers point at standard error so JSON on standard output stays clean.
/// </summary>
internal static class SpecArgument
{
    public static Spec.ClusterSpec? Load(string path, string clusterName, TextWriter output)
    {
        var (sources, unreadable) = SpecFiles.Read([path], YamlLimits.Default);
        var set = SpecSet.Load(sources, GpuCatalog.Default, YamlLimits.Default, unreadable);
        foreach (var diagnostic in set.Diagnostics)
        {
            output.WriteLine(diagnostic);
        }

        if (!set.IsValid)
        {
            output.WriteLine($"{path} is not valid; nothing was planned (run reconciler validate {path} for details)");
            return null;
        }

        var cluster = set.Clusters.Count == 1
            ? set.Clusters[0]
            : set.Clusters.FirstOrDefault(c => string.Equals(c.Spec.Name, clusterName, StringComparison.Ordinal));
        if (cluster is null && clusterName.Length == 0)
        {
            throw new UsageException($"{path} holds {set.Clusters.Count} clusters ({string.Join(", ", set.Clusters.Select(c => c.Spec.Name))}); without a target, give a file with one GpuCluster");
        }

        if (cluster is null)
        {
            throw new UsageException($"{path} has no GpuCluster named {clusterName} (the target cluster); it has {string.Join(", ", set.Clusters.Select(c => c.Spec.Name))}");
        }

        if (clusterName.Length > 0 && !string.Equals(cluster.Spec.Name, clusterName, StringComparison.Ordinal))
        {
            output.WriteLine($"note: the spec is for cluster {cluster.Spec.Name}, the target is {clusterName}");
        }

        return cluster.Spec;
    }
}
