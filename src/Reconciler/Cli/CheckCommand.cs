using System.CommandLine;
using System.Text.Json;
using Reconciler.Checks;
using Reconciler.HyperV.Checks;
using Reconciler.HyperV.Settings;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler check [--hyperv FILE | --sim DIR] [-o text|json]</c>: a preflight like
/// <c>flux check</c>. Per host, in order, one line per check and on failure the one remedy;
/// then the GPU inventory and homogeneity across hosts. Exit 0 when nothing fails, 1 otherwise.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output)
    {
        var target = ClusterTarget.Required();
        var format = OutputFormat.Option("text", "json");
        var command = new Command("check", "Preflight the target's hosts: name, port, WinRM, authentication, WMI namespaces, GPU inventory and homogeneity; each failure with its remedy") { format };
        target.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            CheckReport report;
            var (settings, simDirectory) = target.Choose(result);
            if (settings is not null)
            {
                try
                {
                    report = await HyperVCheck.RunAsync(settings, TimeProvider.System, cancellationToken, recordDirectory: target.RecordDirectory(result)).ConfigureAwait(false);
                }
                catch (HyperVSettingsException ex)
                {
                    throw new UsageException(ex.Message);
                }
            }
            else
            {
                // The simulator has no connection to check: what makes sense is its GPUs.
                var observed = await SimTarget.Open(simDirectory!).ObserveAsync(cancellationToken).ConfigureAwait(false);
                report = InventoryChecks.Report(observed, "sim");
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(CheckJson.From(report), JsonOptions.Default)).ConfigureAwait(false);
            }
            else
            {
                await CheckText.WriteAsync(report, output).ConfigureAwait(false);
            }

            return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }
}
