using System.Globalization;
using System.Text;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Tests.Planning;

/// <summary>
/// The benchmark's synthetic fleet (bench/Reconciler.Bench/Fleet.cs), copied so tests do not
/// depend on the benchmark: N hosts with one A16 board each (4 GPUs split in 16), one VM per
/// partition; every tenth host has its first GPU split in 8 and 8 VMs without a partition.
/// </summary>
internal static class GoldenFleet
{
    private const int Gpus = 4;
    private const int Partitions = 16;

    public static string SpecText(int hosts)
    {
        var text = new StringBuilder(hosts * 5000);
        text.Append("apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: fleet }\nspec:\n  policy: { maxUnavailable: \"10%\" }\n  hosts:\n");
        for (var h = 0; h < hosts; h++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - {{ name: hv-{h:0000}, gpus: [ {{ model: NVIDIA A16, count: {Gpus}, partitionCount: {Partitions} }} ] }}\n");
        }

        text.Append("  vms:\n");
        for (var h = 0; h < hosts; h++)
        {
            for (var v = 0; v < Gpus * Partitions; v++)
            {
                text.Append(CultureInfo.InvariantCulture, $"    - {{ name: vm-{h:0000}-{v:00}, host: hv-{h:0000}, gpu: {{ partition: {{ vram: 1GiB }} }} }}\n");
            }
        }

        return text.ToString();
    }

    public static ObservedCluster Observed(int hosts)
    {
        var counts = new[] { 1, 2, 4, 8, 16 }.ToValueList();
        var list = new List<ObservedHost>(hosts);
        for (var h = 0; h < hosts; h++)
        {
            var drifted = h % 10 == 0;
            var host = $"hv-{h:0000}";
            var gpus = Enumerable.Range(0, Gpus).Select(g =>
            {
                var count = drifted && g == 0 ? 8 : Partitions;
                var vram = 16 * ByteSize.GiB;
                return new ObservedGpu(Path(g), $"PCI\\VEN_10DE&DEV_25B6\\{h}-{g}", "NVIDIA A16", GpuStatus.Partitioned, counts, count,
                    new GpuCapacity(new(vram, 0), new(32, 0), new(32, 0), new(1000, 0)));
            }).ToValueList();
            var vms = Enumerable.Range(0, Gpus * Partitions).Select(v =>
            {
                var gpu = v / Partitions;
                var missing = drifted && gpu == 0 && v % Partitions >= 8;
                return new ObservedVm($"vm-{h:0000}-{v:00}", host, missing ? VmPowerState.Off : VmPowerState.Running,
                    missing ? null : new PartitionAdapter(Path(gpu), true, PartitionSettings.None),
                    ValueList<DdaDevice>.Empty, VmMmio.Default, AutomaticStopAction.Save, null);
            }).ToValueList();
            list.Add(new ObservedHost(host, gpus, vms, null));
        }

        return new ObservedCluster("fleet", false, list.ToValueList(), ValueList<ObservedPool>.Empty);
    }

    private static string Path(int gpu) => $"PCIROOT(0)#PCI(0{gpu + 1}00)#PCI(0000)";
}
