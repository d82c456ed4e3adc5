using System.CommandLine;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Spectre.Console;

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

/// <summary>The text view of an observed cluster: per host, each GPU with its partitions and VMs, then each VM.</summary>
internal static class ObservedClusterView
{
    public static void Write(IAnsiConsole console, ObservedCluster cluster)
    {
        console.WriteLine($"cluster {cluster.Name}{(cluster.FailoverCluster ? " (failover cluster)" : "")}");
        foreach (var host in cluster.Hosts)
        {
            var state = host.State == HostState.Up ? "" : $" [{host.State.ToString().ToLowerInvariant()}]";
            var gpus = new Table().Title($"host {host.Name}{state}{(host.HostDriver is { } d ? $" (vGPU manager {d})" : "")}")
                .AddColumns("GPU", "model", "status", "partitions", "VRAM each", "VMs");
            foreach (var gpu in host.Gpus)
            {
                var users = host.Vms.Where(v => Uses(v, gpu)).Select(v => $"{v.Name} ({v.State})").ToList();
                var partitions = gpu.Status == GpuStatus.Partitioned
                    ? $"{host.Vms.Count(v => v.State != VmPowerState.Off && Same(v.Partition?.GpuLocationPath, gpu.LocationPath))}/{gpu.PartitionCount} in use"
                    : "-";
                gpus.AddRow(Markup.Escape(gpu.LocationPath), gpu.Model, gpu.Status.ToString(), partitions,
                    gpu.Status == GpuStatus.Partitioned ? gpu.PartitionVram.ToDisplayString() : "-", Markup.Escape(users.Count == 0 ? "-" : string.Join(", ", users)));
            }

            console.Write(gpus);
            var vms = new Table().AddColumns("VM", "state", "GPU resource", "MMIO low/high", "stop action", "offline action");
            foreach (var vm in host.Vms)
            {
                vms.AddRow(vm.Name + (vm.FailedOver is { } f ? $" (failed over from {f.From})" : ""), vm.State.ToString(), Markup.Escape(Resource(vm)), $"{vm.Mmio.Low.ToDisplayString()} / {vm.Mmio.High.ToDisplayString()}",
                    vm.AutomaticStopAction.ToString(), vm.OfflineAction?.ToString() ?? "-");
            }

            console.Write(vms);
        }

        foreach (var pool in cluster.Pools)
        {
            console.WriteLine($"pool {pool.Name}: {string.Join(", ", pool.Members.Select(m => $"{m.Host}/{m.LocationPath}"))}");
        }
    }

    private static string Resource(ObservedVm vm) => vm switch
    {
        { Partition: { } p } => $"partition of {p.GpuLocationPath ?? "(unresolved)"}{(p.Pinned ? " (pinned)" : "")}",
        { DdaDevices.Count: > 0 } => "DDA " + string.Join(", ", vm.DdaDevices),
        _ => "-",
    };

    private static bool Uses(ObservedVm vm, ObservedGpu gpu) =>
        Same(vm.Partition?.GpuLocationPath, gpu.LocationPath) || vm.DdaDevices.Any(d => Same(d.LocationPath, gpu.LocationPath));

    private static bool Same(string? a, string? b) => a is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
