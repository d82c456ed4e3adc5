using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Failover;
using Spectre.Console;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler capacity -f SPEC [--sim DIR | --hyperv FILE] [-o text|json]</c>: N-1 GPU capacity.
/// For each node, if it failed now, which GPU VMs the cluster restarts elsewhere and which are
/// stranded and why; and whether the cluster survives the loss of any one node. Without a target
/// it works from the spec and the GPU catalog alone (offline, for pull requests). Exit 0.
/// </summary>
internal static class CapacityCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Option<string>("--file", "-f") { Description = "The cluster spec", Required = true };
        var target = ClusterTarget.Optional(
            "Simulator state directory: answer for what the simulated cluster runs now (omit both targets: from the spec alone)",
            "Hyper-V connection settings file (docs/hyperv.md): answer for what the real cluster runs now");
        var format = OutputFormat.Option("text", "json");
        var command = new Command("capacity", "For each node: which GPU VMs restart elsewhere if it fails, which are stranded; and whether the cluster survives losing any one node") { file, format };
        target.AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            CapacityReport report;
            string cluster;
            var opened = target.TryOpen(result);
            if (opened is { } live)
            {
                var observed = await live.Provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
                if (SpecArgument.Load(result.GetValue(file)!, observed.Name, error) is null)
                {
                    return ExitCodes.Failure;
                }

                (report, cluster) = (Capacity.Of(observed), observed.Name);
            }
            else
            {
                if (SpecArgument.Load(result.GetValue(file)!, "", error) is not { } spec)
                {
                    return ExitCodes.Failure;
                }

                (report, cluster) = (Capacity.Of(spec, GpuCatalog.Default), spec.Name);
            }

            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(CapacityJson.From(report), JsonOptions.Default)).ConfigureAwait(false);
            }
            else
            {
                Write(Terminal.For(output), cluster, report, offline: opened is null);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Write(IAnsiConsole console, string cluster, CapacityReport report, bool offline)
    {
        var table = new Table().Title($"cluster {cluster}: if one node fails{(offline ? " (from the spec alone)" : "")}")
            .AddColumns("node fails", "restart elsewhere", "stranded");
        foreach (var host in report.Hosts)
        {
            table.AddRow(
                Markup.Escape(host.Host),
                Markup.Escape(host.Restartable.Count == 0 ? "-" : string.Join(", ", host.Restartable)),
                Markup.Escape(host.Stranded.Count == 0 ? "-" : string.Join("\n", host.Stranded.Select(s => $"{s.Vm}: {s.Reason}"))));
        }

        console.Write(table);
        console.WriteLine(report.SurvivesAnyOneHost
            ? "survives the loss of any one node: yes"
            : $"survives the loss of any one node: no ({string.Join("; ", report.Hosts.Where(h => h.Stranded.Count > 0).Select(h => $"{h.Host} strands {string.Join(", ", h.Stranded.Select(s => s.Vm))}"))})");
    }
}
