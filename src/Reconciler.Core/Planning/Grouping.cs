namespace Reconciler.Planning;

/// <summary>
/// VMs and GPUs that must change together: a GPU with every VM holding it or waiting for it. Each
/// group takes down its running VMs at once, so its weight is what it costs the disruption budget.
/// </summary>
internal sealed class ChangeGroup
{
    public List<GpuWork> Gpus { get; } = [];

    public List<VmWork> Vms { get; } = [];

    public int Weight => Vms.Count(v => v.Stop);

    public int Wave { get; set; }

    public bool HasGpuChange => Gpus.Count > 0;

    /// <summary>A stable order: GPU changes first (by host and path), then VM changes by name.</summary>
    public string SortKey => HasGpuChange ? "0/" + Gpus.Min(g => g.Key) : "1/" + Vms.Min(v => v.Name);

    public string Describe() => HasGpuChange
        ? $"GPU{(Gpus.Count > 1 ? "s" : "")} {string.Join(", ", Gpus.Select(g => g.Key))}"
        : $"VM {string.Join(", ", Vms.Select(v => v.Name))}";
}

internal static class Grouping
{
    public static List<ChangeGroup> Build(IReadOnlyList<GpuWork> gpus, IReadOnlyDictionary<string, VmWork> vms)
    {
        var parent = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string Find(string x)
        {
            while (parent.TryGetValue(x, out var p) && !string.Equals(p, x, StringComparison.OrdinalIgnoreCase))
            {
                x = p;
            }

            return x;
        }

        void Union(string a, string b)
        {
            parent.TryAdd(a, a);
            parent.TryAdd(b, b);
            var (ra, rb) = (Find(a), Find(b));
            if (!string.Equals(ra, rb, StringComparison.OrdinalIgnoreCase))
            {
                parent[ra] = rb;
            }
        }

        foreach (var vm in vms.Values.Where(HasWork))
        {
            parent.TryAdd("vm:" + vm.Name, "vm:" + vm.Name);
        }

        var byHost = vms.Values.ToLookup(v => v.Vm.Host, StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in gpus)
        {
            parent.TryAdd("gpu:" + gpu.Key, "gpu:" + gpu.Key);
            foreach (var holder in gpu.Holders.Where(h => vms.ContainsKey(h)))
            {
                Union("gpu:" + gpu.Key, "vm:" + holder);
            }

            // A VM that will be pinned to, or handed, a changing GPU waits for that change.
            foreach (var vm in byHost[gpu.Target.Host].Where(v => v.OffSteps.Any(s => s.Kind is OperationKind.AddPartitionAdapter or OperationKind.AddDdaDevice
                         && string.Equals(s.Gpu, gpu.Target.Path, StringComparison.OrdinalIgnoreCase))))
            {
                Union("gpu:" + gpu.Key, "vm:" + vm.Name);
            }
        }

        // A partition or a GPU that changes hands does so in one group: the giver's removal, then the taker's start.
        foreach (var taker in vms.Values)
        {
            foreach (var step in taker.OffSteps.Where(s => s.Kind == OperationKind.AddPartitionAdapter && s.Arguments.PinnedGpu is not null))
            {
                foreach (var giver in byHost[taker.Vm.Host].Where(v => v != taker
                             && v.OffSteps.Any(s => s.Kind == OperationKind.RemovePartitionAdapter && string.Equals(s.Gpu, step.Arguments.PinnedGpu, StringComparison.OrdinalIgnoreCase))))
                {
                    Union("vm:" + taker.Name, "vm:" + giver.Name);
                }
            }

            foreach (var step in taker.OffSteps.Where(s => s.Kind == OperationKind.AddDdaDevice && s.Arguments.Device?.LocationPath is not null))
            {
                foreach (var giver in byHost[taker.Vm.Host].Where(v => v != taker
                             && v.OffSteps.Any(s => s.Kind == OperationKind.RemoveDdaDevice && string.Equals(s.Arguments.Device?.LocationPath, step.Arguments.Device!.LocationPath, StringComparison.OrdinalIgnoreCase))))
                {
                    Union("vm:" + taker.Name, "vm:" + giver.Name);
                }
            }
        }

        var groups = new Dictionary<string, ChangeGroup>(StringComparer.OrdinalIgnoreCase);
        ChangeGroup GroupOf(string key) => groups.TryGetValue(Find(key), out var g) ? g : groups[Find(key)] = new ChangeGroup();
        foreach (var gpu in gpus)
        {
            GroupOf("gpu:" + gpu.Key).Gpus.Add(gpu);
        }

        foreach (var vm in vms.Values.Where(v => parent.ContainsKey("vm:" + v.Name)))
        {
            GroupOf("vm:" + vm.Name).Vms.Add(vm);
        }

        foreach (var group in groups.Values)
        {
            group.Gpus.Sort((a, b) => string.Compare(a.Key, b.Key, StringComparison.OrdinalIgnoreCase));
            group.Vms.Sort((a, b) => string.Compare(a.Name, b.Name, StringComparison.OrdinalIgnoreCase));
        }

        return [.. groups.Values.OrderBy(g => g.SortKey, StringComparer.OrdinalIgnoreCase)];
    }

    private static bool HasWork(VmWork vm) => vm.NeedsOff || vm.Stop || vm.Start || vm.AnyTimeSteps.Count > 0;
}
