using System.Globalization;
using System.Text;

namespace Reconciler.Bench;

/// <summary>
/// The idle service's fleet: N simulated hosts, each with one A16 board (4 GPUs split in 4) and
/// 16 running VMs holding its partitions, and the spec that says exactly that, so every tick
/// observes, diffs and plans 16 N VMs and has nothing to do.
/// </summary>
internal static class IdleFleet
{
    private const int Gpus = 4;
    private const int Partitions = 4;

    public static string World(int hosts)
    {
        var text = new StringBuilder(hosts * 2000);
        text.Append("apiVersion: reconciler/v1\nkind: SimulatedCluster\nmetadata: { name: fleet }\nspec:\n  hosts:\n");
        for (var h = 0; h < hosts; h++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - name: hv-{h:000}\n      gpus:\n");
            for (var g = 0; g < Gpus; g++)
            {
                text.Append(CultureInfo.InvariantCulture, $"        - {{ model: NVIDIA A16, locationPath: \"{Path(g)}\", mode: partitioned, partitionCount: {Partitions} }}\n");
            }

            text.Append("      vms:\n");
            for (var v = 0; v < Gpus * Partitions; v++)
            {
                text.Append(CultureInfo.InvariantCulture, $"        - {{ name: vm-{h:000}-{v:00}, state: Running, gpuPartition: {{}} }}\n");
            }
        }

        text.Append("  behaviour:\n    timeScale: 0\n");
        return text.ToString();
    }

    public static string Spec(int hosts)
    {
        var text = new StringBuilder(hosts * 2000);
        text.Append("apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: fleet }\nspec:\n  policy: { maxUnavailable: \"10%\" }\n  hosts:\n");
        for (var h = 0; h < hosts; h++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - {{ name: hv-{h:000}, gpus: [ {{ model: NVIDIA A16, count: {Gpus}, partitionCount: {Partitions} }} ] }}\n");
        }

        text.Append("  vms:\n");
        for (var h = 0; h < hosts; h++)
        {
            for (var v = 0; v < Gpus * Partitions; v++)
            {
                text.Append(CultureInfo.InvariantCulture, $"    - {{ name: vm-{h:000}-{v:00}, host: hv-{h:000}, gpu: {{ partition: {{ vram: 4GiB }} }}, power: running }}\n");
            }
        }

        return text.ToString();
    }

    private static string Path(int gpu) => $"PCIROOT(0)#PCI(0{gpu + 1}00)#PCI(0000)";
}
