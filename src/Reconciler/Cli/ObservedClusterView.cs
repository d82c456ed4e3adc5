using Reconciler.Observed;
using Spectre.Console;

namespace Reconciler.Cli;

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
