using Reconciler.Assumed;
using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Failover;
using Reconciler.Planning;
using Reconciler.Spec;
using Reconciler.Validation;

namespace Reconciler.Review;

/// <summary>
/// The dry run behind <c>reconciler diff</c>: for each cluster whose spec differs between two
/// revisions, plan the head against the observed (or assumed) state and work out the layout after.
/// Pure: specs, observed state and the time come in, a <see cref="PullRequestReview"/> goes out.
/// </summary>
public static class ReviewBuilder
{
    public static PullRequestReview Build(SpecSet baseSet, SpecSet headSet, ReviewOptions options)
    {
        var reviews = new List<ClusterReview>();
        foreach (var head in headSet.Clusters)
        {
            var before = Find(baseSet, head.Spec.Name);
            if (before is not null && before.Spec == head.Spec && before.IsValid == head.IsValid)
            {
                continue; // same layout and policy: only comments or formatting moved
            }

            reviews.Add(Review(before, head, options));
        }

        var errorFiles = headSet.Diagnostics.Where(d => d.IsError).Select(d => d.Location.File).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in baseSet.Clusters.Where(b => b.Spec.Name.Length > 0 && Find(headSet, b.Spec.Name) is null))
        {
            // A cluster whose file no longer parses has not been removed: its head is invalid.
            var broken = errorFiles.Contains(gone.Path);
            reviews.Add(new ClusterReview(gone.Spec.Name, gone.Path, broken ? SpecChange.Changed : SpecChange.Removed, !broken, "", null, null, null, ValueList<BlockedItem>.Empty, ValueList<string>.Empty));
        }

        var known = baseSet.Diagnostics.Select(Key).ToHashSet();
        var fresh = headSet.Diagnostics.Where(d => !known.Contains(Key(d))).ToValueList();
        return new PullRequestReview(options.BaseRevision, options.HeadRevision, headSet.IsValid, headSet.ErrorCount, fresh,
            headSet.Diagnostics.Count - fresh.Count, reviews.OrderBy(r => r.Cluster, StringComparer.Ordinal).ToValueList());
    }

    private static ClusterReview Review(ValidatedCluster? before, ValidatedCluster head, ReviewOptions options)
    {
        var change = before is null ? SpecChange.Added : SpecChange.Changed;
        if (!head.IsValid)
        {
            return new ClusterReview(head.Spec.Name, head.Path, change, false, "", null, null, null, ValueList<BlockedItem>.Empty, ValueList<string>.Empty);
        }

        var spec = head.Spec;
        var observedByTarget = options.Observed?.GetValueOrDefault(spec.Name);
        var observed = observedByTarget ?? AssumedCluster.From(before?.Spec, spec, options.Catalog);
        var from = observedByTarget is not null
            ? options.ObservedLabel ?? "a target"
            : before is null ? "assumed: a new cluster, hardware from the head spec" : $"assumed: the base revision's layout ({options.BaseRevision})";

        // The whole change, as it runs once a window opens; and the plan as of now, for what blocks it.
        var unwindowed = spec with { Policy = spec.Policy with { Windows = ValueList<MaintenanceWindow>.Empty } };
        var plan = Planner.Plan(unwindowed, observed, options.Catalog, options.Now);
        var now = Planner.Plan(spec, observed, options.Catalog, options.Now);
        var after = PlanEffects.Apply(observed, plan.Operations);
        var assumptions = observedByTarget is null ? Assumptions(before?.Spec, spec, observed, options.Catalog) : ValueList<string>.Empty;
        var beforeLayout = ClusterLayout.Of(observed);
        if (observedByTarget is null)
        {
            // GPUs only the head names are assumed installed for planning, but the base never had them.
            beforeLayout = beforeLayout.Without(AssumedHardware.Of(before?.Spec, spec, options.Catalog).Where(g => g.HeadOnly).Select(g => (g.Host, g.Observed.LocationPath)));
        }

        return new ClusterReview(spec.Name, head.Path, change, true, from, beforeLayout, ClusterLayout.Of(after), plan, now.Blocked, assumptions)
        {
            NodeLoss = spec.FailoverCluster ? Capacity.Of(spec, options.Catalog) : null,
        };
    }

    /// <summary>What the offline review took for granted that a host would have told it.</summary>
    private static ValueList<string> Assumptions(ClusterSpec? baseSpec, ClusterSpec head, ObservedCluster observed, GpuCatalog catalog)
    {
        var notes = new List<string>();
        var hardware = AssumedHardware.Of(baseSpec, head, catalog);
        if (baseSpec is not null)
        {
            foreach (var host in head.Hosts.Where(h => !baseSpec.Hosts.Any(b => Same(b.Name, h.Name))))
            {
                notes.Add($"host {host.Name} is new in the head: assumed installed, with the GPUs the head names");
            }

            foreach (var gpu in hardware.Where(g => g.HeadOnly && baseSpec.Hosts.Any(b => Same(b.Name, g.Host))))
            {
                notes.Add($"{gpu.Host}: {gpu.Observed.LocationPath} is new in the head: assumed installed and partitioned in {gpu.Observed.PartitionCount}");
            }

            foreach (var vm in head.Vms.Where(v => !baseSpec.Vms.Any(b => Same(b.Name, v.Name))))
            {
                notes.Add($"VM {vm.Name} is new in the head: assumed to exist on {observed.Vm(vm.Name)?.Host ?? vm.Host ?? "?"}, off and without a GPU");
            }

            var unmanaged = baseSpec.Vms.Where(v => v.Power == PowerIntent.Unmanaged).Select(v => v.Name).ToList();
            if (unmanaged.Count > 0)
            {
                notes.Add($"VMs whose power the base does not set are assumed running: {string.Join(", ", unmanaged)}");
            }
        }

        if (hardware.Any(g => !g.Observed.LocationPath.Contains('(', StringComparison.Ordinal)))
        {
            notes.Add("GPUs chosen by model have no location path offline; they are numbered (\"NVIDIA A16 #1\")");
        }

        return notes.ToValueList();
    }

    private static ValidatedCluster? Find(SpecSet set, string name) =>
        set.Clusters.FirstOrDefault(c => string.Equals(c.Spec.Name, name, StringComparison.Ordinal));

    /// <summary>A finding is "the same" in both revisions when its file, rule and message agree; lines move with edits.</summary>
    private static (string File, string Code, string Message) Key(Diagnostic d) => (d.Location.File, d.Code.Id, d.Message);

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
