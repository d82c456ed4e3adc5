using System.CommandLine;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Spec;
using Reconciler.Validation;

namespace Reconciler.Cli;

/// <summary><c>reconciler export [--sim DIR | --hyperv FILE]</c>: write the observed layout as a GpuCluster spec, to adopt an existing cluster.</summary>
internal static class ExportCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var target = ClusterTarget.Required();
        var command = new Command("export", "Write the cluster's current GPU layout as a GpuCluster spec (to adopt an existing cluster)");
        target.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var cluster = await target.Open(result).ObserveAsync(cancellationToken).ConfigureAwait(false);
            var yaml = $"# Exported from the live cluster {cluster.Name}: its layout as it is now.\n" + SpecWriter.Write(SpecExport.ToSpec(cluster));
            await output.WriteAsync(yaml).ConfigureAwait(false);

            // The layout is written as it is; if it breaks a rule (say a heterogeneous failover cluster), say so.
            var findings = SpecSet.Load([new SpecSource("<export>", yaml)], GpuCatalog.Default).Diagnostics;
            foreach (var finding in findings)
            {
                await error.WriteLineAsync($"note: the exported layout as validated: {(finding.IsError ? "error" : "warning")} {finding.Code.Id}: {finding.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
