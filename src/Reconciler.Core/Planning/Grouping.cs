using Reconciler.Drift;

namespace Reconciler.Planning;

internal static class Grouping
{
    /// <summary>
    /// Union-find over VMs and GPUs. Nodes are numbers: VM work by its <see cref="VmWork.Id"/>,
    /// then one node per GPU key (ignoring case), so no key string is built per VM.
    /// </summary>
    public static List<ChangeGroup> Build(IReadOnlyList<GpuWork> gpus, IReadOnlyDictionary<string, VmWork> vms)
    {
        var gpuNodes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in gpus)
        {
            gpuNodes.TryAdd(gpu.Key, vms.Count + gpuNodes.Count);
        }

        var parent = new int[vms.Count + gpuNodes.Count];
        var joined = new bool[parent.Length]; // a VM belongs to a group when it has work or is tied to something that does
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        int Find(int x)
        {
            while (parent[x] != x)
            {
                x = parent[x];
            }

            return x;
        }

        void Union(int a, int b)
        {
            joined[a] = joined[b] = true;
            var (ra, rb) = (Find(a), Find(b));
            if (ra != rb)
            {
                parent[ra] = rb;
            }
        }

        foreach (var vm in vms.Values)
        {
            joined[vm.Id] |= HasWork(vm);
        }

        // Only VMs with steps take part in hand-overs; a fleet has few of them among many VMs.
        var byHost = new Dictionary<string, List<VmWork>>(StringComparer.OrdinalIgnoreCase);
        foreach (var vm in vms.Values)
        {
            if (vm.OffSteps.Count > 0)
            {
                // Where its additions go: the node it moves to, if it moves.
                if (!byHost.TryGetValue(vm.Host, out var onHost))
                {
                    byHost[vm.Host] = onHost = [];
                }

                onHost.Add(vm);
            }
        }

        List<VmWork> OnHost(string host) => byHost.TryGetValue(host, out var onHost) ? onHost : [];

        foreach (var gpu in gpus)
        {
            var node = gpuNodes[gpu.Key];
            joined[node] = true;
            foreach (var holder in gpu.Holders)
            {
                if (vms.TryGetValue(holder, out var vm))
                {
                    Union(node, vm.Id);
                }
            }

            // A VM that will be pinned to, or handed, a changing GPU waits for that change.
            foreach (var vm in OnHost(gpu.Target.Host))
            {
                if (vm.OffSteps.Exists(s => s.Kind is OperationKind.AddPartitionAdapter or OperationKind.AddDdaDevice
                        && string.Equals(s.Gpu, gpu.Target.Path, StringComparison.OrdinalIgnoreCase)))
                {
                    Union(node, vm.Id);
                }
            }
        }

        // A partition or a GPU that changes hands does so in one group: the giver's removal, then the taker's start.
        foreach (var (_, onHost) in byHost)
        {
            foreach (var taker in onHost)
            {
                foreach (var step in taker.OffSteps)
                {
                    if (step.Kind == OperationKind.AddPartitionAdapter && step.Arguments.PinnedGpu is { } pinned)
                    {
                        foreach (var giver in onHost)
                        {
                            if (giver != taker && giver.OffSteps.Exists(s => s.Kind == OperationKind.RemovePartitionAdapter && string.Equals(s.Gpu, pinned, StringComparison.OrdinalIgnoreCase)))
                            {
                                Union(taker.Id, giver.Id);
                            }
                        }
                    }
                    else if (step.Kind == OperationKind.AddDdaDevice && step.Arguments.Device?.LocationPath is { } path)
                    {
                        foreach (var giver in onHost)
                        {
                            if (giver != taker && giver.OffSteps.Exists(s => s.Kind == OperationKind.RemoveDdaDevice && string.Equals(s.Arguments.Device?.LocationPath, path, StringComparison.OrdinalIgnoreCase)))
                            {
                                Union(taker.Id, giver.Id);
                            }
                        }
                    }
                }
            }
        }

        // A start that takes a partition another VM gives up goes in that VM's group, after it.
        foreach (var vm in vms.Values)
        {
            foreach (var giver in vm.WaitsFor ?? [])
            {
                Union(vm.Id, vms[giver].Id);
            }
        }

        var groups = new Dictionary<int, ChangeGroup>();
        ChangeGroup GroupOf(int node) => groups.TryGetValue(Find(node), out var g) ? g : groups[Find(node)] = new ChangeGroup();
        foreach (var gpu in gpus)
        {
            GroupOf(gpuNodes[gpu.Key]).Gpus.Add(gpu);
        }

        foreach (var vm in vms.Values)
        {
            if (joined[vm.Id])
            {
                GroupOf(vm.Id).Vms.Add(vm);
            }
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
