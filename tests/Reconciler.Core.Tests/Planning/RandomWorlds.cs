using System.Globalization;
using System.Text;

namespace Reconciler.Tests.Planning;

/// <summary>
/// Generates a random world (hardware and VMs as they are) and a random valid-looking spec for it,
/// from a seed (System.Random: the golden plans depend on its exact sequence) or from a list of
/// choices drawn by CsCheck: each draw takes the next value modulo its range, and 0 once the list
/// is used up, so when CsCheck shrinks the values toward 0 and the list toward its shortest, the
/// world shrinks toward the first option of every choice (one host, one GPU, two VMs...).
/// </summary>
internal sealed class RandomWorlds
{
    private readonly Func<int, int, int> _next;

    public RandomWorlds(int seed)
    {
        var random = new Random(seed);
        _next = random.Next;
    }

    public RandomWorlds(IReadOnlyList<int> choices)
    {
        var used = 0;
        _next = (min, max) => min + (used < choices.Count ? choices[used++] % (max - min) : 0);
    }

    private sealed record Gpu(string Host, string Path, string Model, bool Dda, int Count, int[] Valid);

    private sealed record Vm(string Name, string Host, bool Running, string? PartitionGpu, bool Pinned, string? DdaPath);

    public int Budget { get; private set; }

    public (string World, string Spec) Next()
    {
        var gpus = new List<Gpu>();
        var vms = new List<Vm>();
        var hosts = Next(1, 4);
        for (var h = 1; h <= hosts; h++)
        {
            var host = $"hv-{h:00}";
            for (var g = 1; g <= Next(1, 4); g++)
            {
                var a16 = Next(2) == 0;
                int[] valid = a16 ? [1, 2, 4, 8, 16] : [1, 2, 3, 4, 6, 8, 12, 24];
                gpus.Add(new Gpu(host, $"PCIROOT(0)#PCI(0{g}00)#PCI(0000)", a16 ? "NVIDIA A16" : "NVIDIA L4", Next(5) == 0, Pick(valid[..4]), valid));
            }

            var used = new Dictionary<string, int>();
            var ddaUsed = new HashSet<string>();
            for (var v = 1; v <= Next(2, 7); v++)
            {
                var running = Next(2) == 0;
                var kind = Next(4);
                var partitioned = gpus.Where(x => x.Host == host && !x.Dda).ToList();
                var dismounted = gpus.Where(x => x.Host == host && x.Dda && !ddaUsed.Contains(x.Path)).ToList();
                string? partitionGpu = null, ddaPath = null;
                var pinned = false;
                if (kind <= 1 && partitioned.Count > 0)
                {
                    var gpu = Pick(partitioned.ToArray());
                    pinned = kind == 0 || !running;
                    if (!running || used.GetValueOrDefault(gpu.Path) < gpu.Count)
                    {
                        partitionGpu = gpu.Path;
                        if (running || pinned)
                        {
                            used[gpu.Path] = used.GetValueOrDefault(gpu.Path) + 1;
                        }
                    }
                }
                else if (kind == 2 && dismounted.Count > 0)
                {
                    ddaPath = Pick(dismounted.ToArray()).Path;
                    ddaUsed.Add(ddaPath);
                }

                // A running unpinned partition must fit; pinned ones of VMs that are off too (they hold it).
                if (partitionGpu is not null && used.GetValueOrDefault(partitionGpu) > gpus.First(x => x.Host == host && x.Path == partitionGpu).Count)
                {
                    partitionGpu = null;
                }

                vms.Add(new Vm($"vm-{h}{v}", host, running, partitionGpu, pinned, ddaPath));
            }
        }

        return (World(gpus, vms), Spec(gpus, vms));
    }

    private static string World(List<Gpu> gpus, List<Vm> vms)
    {
        var text = new StringBuilder("apiVersion: reconciler/v1\nkind: SimulatedCluster\nmetadata: { name: random }\nspec:\n  hosts:\n");
        foreach (var host in gpus.Select(g => g.Host).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"    - name: {host}\n      gpus:\n");
            foreach (var gpu in gpus.Where(g => g.Host == host))
            {
                text.Append(CultureInfo.InvariantCulture, $"        - {{ model: {gpu.Model}, locationPath: \"{gpu.Path}\", mode: {(gpu.Dda ? "dda" : "partitioned")}, partitionCount: {gpu.Count} }}\n");
            }

            text.Append("      vms:\n");
            foreach (var vm in vms.Where(v => v.Host == host))
            {
                var resource = vm.PartitionGpu is not null
                    ? (vm.Pinned ? $", gpuPartition: {{ gpu: \"{vm.PartitionGpu}\" }}" : ", gpuPartition: {}")
                    : vm.DdaPath is not null ? $", ddaDevice: \"{vm.DdaPath}\"" : "";
                text.Append(CultureInfo.InvariantCulture, $"        - {{ name: {vm.Name}, state: {(vm.Running ? "Running" : "Off")}{resource} }}\n");
            }
        }

        text.Append("  behaviour: { timeScale: 0 }\n");
        return text.ToString();
    }

    private string Spec(List<Gpu> gpus, List<Vm> vms)
    {
        Budget = Next(3) == 0 ? 100 : Next(1, 4);
        var prune = Next(2) == 0;
        var text = new StringBuilder("apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: random }\nspec:\n");
        text.Append(CultureInfo.InvariantCulture, $"  policy: {{ maxUnavailable: {(Budget == 100 ? "\"100%\"" : Budget.ToString(CultureInfo.InvariantCulture))}, prune: {(prune ? "true" : "false")} }}\n  hosts:\n");
        var desired = new Dictionary<Gpu, (bool Dda, int Count)>();
        foreach (var host in gpus.Select(g => g.Host).Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"    - name: {host}\n      gpus:\n");
            foreach (var gpu in gpus.Where(g => g.Host == host))
            {
                var dda = Next(4) == 0 ? !gpu.Dda : gpu.Dda;
                var count = Next(2) == 0 ? gpu.Count : Pick(gpu.Valid[..4]);
                desired[gpu] = (dda, count);
                text.Append(dda
                    ? $"        - {{ model: {gpu.Model}, locationPath: \"{gpu.Path}\", mode: dda }}\n"
                    : string.Create(CultureInfo.InvariantCulture, $"        - {{ model: {gpu.Model}, locationPath: \"{gpu.Path}\", partitionCount: {count} }}\n"));
            }
        }

        text.Append("  vms:\n");
        var room = gpus.Where(g => !desired[g].Dda).ToDictionary(g => g, g => desired[g].Count);
        var ddaTaken = new HashSet<Gpu>();
        foreach (var vm in vms.Where(_ => Next(6) != 0))
        {
            var onHost = gpus.Where(g => g.Host == vm.Host).ToList();
            var choice = Next(5);
            var freePartition = onHost.Where(g => room.TryGetValue(g, out var left) && left > 0).ToList();
            var freeDda = onHost.Where(g => desired[g].Dda && !ddaTaken.Contains(g)).ToList();
            string gpuText;
            if (choice <= 1 && freePartition.Count > 0 && room.Where(r => r.Key.Host == vm.Host).Sum(r => r.Value) > 0)
            {
                if (choice == 0)
                {
                    var gpu = Pick(freePartition.ToArray());
                    room[gpu]--;
                    gpuText = $", gpu: {{ partition: {{ gpu: \"{gpu.Path}\" }} }}";
                }
                else
                {
                    // Unpinned: take room from the fullest GPU's budget so the host total stays right.
                    room[freePartition[0]]--;
                    gpuText = ", gpu: { partition: {} }";
                }
            }
            else if (choice == 2 && freeDda.Count > 0)
            {
                var gpu = Pick(freeDda.ToArray());
                ddaTaken.Add(gpu);
                gpuText = $", gpu: {{ dda: {{ locationPath: \"{gpu.Path}\" }} }}";
            }
            else
            {
                gpuText = "";
            }

            var power = Next(5) switch { 0 => ", power: running", 1 => ", power: off", _ => "" };
            text.Append(CultureInfo.InvariantCulture, $"    - {{ name: {vm.Name}, host: {vm.Host}{gpuText}{power} }}\n");
        }

        return text.ToString();
    }

    private int Next(int max) => _next(0, max);

    private int Next(int min, int max) => _next(min, max);

    private T Pick<T>(T[] items) => items[Next(items.Length)];
}
