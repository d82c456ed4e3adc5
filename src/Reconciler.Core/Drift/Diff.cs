using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>
/// The diff (design.md §2 step 4): desired + observed -> the work each GPU and VM needs and the
/// drift items that describe it. Pure, and before any plan: alert mode stops here, the planner
/// orders this work into operations and waves, and the executor verifies against a fresh diff.
/// </summary>
internal static class Diff
{
    /// <param name="stoppedByReconciler">
    /// VMs an interrupted apply stopped while they were running (the journal's stranded VMs): they
    /// count as running, so the work starts them again unless the spec says <c>power: off</c>.
    /// </param>
    public static ClusterDiff Of(ClusterSpec spec, ObservedCluster cluster, GpuCatalog catalog, IReadOnlySet<string>? stoppedByReconciler = null)
    {
        var targets = TargetResolver.Resolve(spec, cluster, catalog);
        var blocked = new List<BlockedItem>(targets.Blocked);
        var gpuWork = GpuWorkDiscovery.Discover(targets, cluster);
        var vmWork = new VmWorkDiscovery(spec, cluster, targets, gpuWork, blocked, stoppedByReconciler ?? new HashSet<string>()).Discover();
        var drift = DriftDetector.Describe(spec.Name, gpuWork, vmWork.SortedByName);
        return new ClusterDiff(targets, gpuWork, vmWork.Work, vmWork.SortedByName, blocked, drift);
    }
}
