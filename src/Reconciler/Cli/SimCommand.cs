using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Cli;

/// <summary><c>reconciler sim init|show|drift</c>: create, inspect and disturb a simulated cluster.</summary>
internal static class SimCommand
{
    public static Command Create(TextWriter output) => new("sim", "Create, inspect and disturb a simulated cluster")
    {
        Init(output),
        Show(output),
        SimDriftCommand.Create(output),
    };

    private static Command Init(TextWriter output)
    {
        var world = new Argument<string>("WORLD") { Description = "A SimulatedCluster world file (see specs/worlds)" };
        var sim = SimTarget.Option();
        var command = new Command("init", "Create a simulated cluster in DIR from a world file, replacing any there") { world, sim };
        command.SetAction(result =>
        {
            var path = result.GetValue(world)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"{path}: no such file");
            }

            var directory = result.GetValue(sim)!;
            var findings = Simulator.Init(new StateStore(directory), path, File.ReadAllText(path), GpuCatalog.Default);
            foreach (var finding in findings)
            {
                output.WriteLine(finding);
            }

            if (findings.Any(f => f.IsError))
            {
                return ExitCodes.Failure;
            }

            var cluster = Projection.Observe(new StateStore(directory).Load());
            output.WriteLine($"simulated cluster {cluster.Name} created in {directory}: {Count(cluster.Hosts.Count, "host")}, {Count(cluster.Hosts.Sum(h => h.Gpus.Count), "GPU")}, {Count(cluster.Vms.Count(), "VM")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? "" : "s")}";

    private static Command Show(TextWriter output)
    {
        var sim = SimTarget.Option();
        var format = OutputFormat.Option("text", "json");
        var command = new Command("show", "Show the simulated cluster: GPUs, partitions and the VMs on them") { sim, format };
        command.SetAction(async (result, cancellationToken) =>
        {
            var cluster = await SimTarget.Open(result.GetValue(sim)!).ObserveAsync(cancellationToken).ConfigureAwait(false);
            if (result.GetValue(format) == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(cluster, JsonOptions.Default)).ConfigureAwait(false);
            }
            else
            {
                ObservedClusterView.Write(Terminal.For(output), cluster);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
