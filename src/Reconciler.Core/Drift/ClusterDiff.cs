namespace Reconciler.Drift;

/// <summary>What the diff found for one cluster: the work per object, what cannot be done, and the drift items.</summary>
/// <param name="Vms">Every VM's work, by name ignoring case, in the order it was first needed (the planner groups in this order).</param>
/// <param name="VmsByName">The same work sorted by VM name, ignoring case.</param>
/// <param name="Blocked">Items no plan can do (unresolvable targets, VMs the spec does not manage), before budget and windows.</param>
internal sealed record ClusterDiff(
    ResolvedTargets Targets,
    IReadOnlyList<GpuWork> Gpus,
    IReadOnlyDictionary<string, VmWork> Vms,
    IReadOnlyList<VmWork> VmsByName,
    IReadOnlyList<BlockedItem> Blocked,
    IReadOnlyList<DriftItem> Drift)
{
    /// <summary>
    /// Objects ("vm/NAME", "host/HOST/gpu/PATH", as drift items name them) with work a plan would
    /// turn into operations: not blocked, and not drift that no operation can remove.
    /// </summary>
    public IReadOnlySet<string> Pending()
    {
        var objects = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var gpu in Gpus.Where(g => !g.Blocked && g.Steps.Count > 0))
        {
            objects.Add($"host/{gpu.Target.Host}/gpu/{gpu.Target.Path}");
        }

        foreach (var vm in VmsByName.Where(v => !v.Blocked && (v.NeedsOff || v.AnyTimeSteps.Count > 0 || v.Stop || v.Start)))
        {
            objects.Add($"vm/{vm.Name}");
        }

        return objects;
    }
}
