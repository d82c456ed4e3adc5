using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>
/// The diff's work -> an ordered, minimal-disruption plan (design.md §2 step 5). Pure: the time
/// is a parameter, and the same inputs always give the same plan.
/// </summary>
public static class Planner
{
    /// <param name="stoppedByReconciler">
    /// VMs an interrupted apply stopped while they were running (from its journal): they count as
    /// running, so the plan starts them again unless the spec says <c>power: off</c>.
    /// </param>
    public static Plan Plan(ClusterSpec spec, ObservedCluster cluster, GpuCatalog catalog, DateTimeOffset now, IReadOnlySet<string>? stoppedByReconciler = null) =>
        Plan(spec, cluster, Diff.Of(spec, cluster, catalog, stoppedByReconciler), now);

    /// <summary>Orders the diff's work into operations and waves, within the budget and the maintenance windows.</summary>
    internal static Plan Plan(ClusterSpec spec, ObservedCluster cluster, ClusterDiff diff, DateTimeOffset now)
    {
        var targets = diff.Targets;
        var blocked = new List<BlockedItem>(diff.Blocked);
        var gpuWork = diff.Gpus;
        var groups = Grouping.Build(gpuWork, diff.Vms);
        var budget = DisruptionBudget.Of(spec);
        var runnable = new List<ChangeGroup>();
        foreach (var group in groups)
        {
            if (group.Gpus.Any(g => g.Blocked) || group.Vms.Any(v => v.Blocked))
            {
                continue; // the reason is already a blocked item
            }

            if (group.Weight > budget)
            {
                blocked.Add(new BlockedItem(group.Describe(), BlockReason.Budget,
                    $"changing {group.Describe()} needs {group.Weight} VMs down at once ({string.Join(", ", group.Vms.Where(v => v.Stop).Select(v => v.Name))}), but maxUnavailable allows {budget}; raise policy.maxUnavailable or change fewer VMs at a time"));
                continue;
            }

            runnable.Add(group);
        }

        AssignWaves(runnable, budget);
        var immediate = spec.Policy.Failback == FailbackPolicy.Immediate;
        var waiting = runnable.Where(g => g.Wave > 0 && !(immediate && g.IsFailbackOnly)).ToList();
        DateTimeOffset? windowOpens = null;
        if (waiting.Count > 0 && !MaintenanceSchedule.IsOpen(spec.Policy.Windows, now))
        {
            var until = MaintenanceSchedule.NextOpening(spec.Policy.Windows, now);
            windowOpens = until;
            blocked.Add(new BlockedItem("policy/windows", BlockReason.Window,
                $"{waiting.Sum(g => g.Weight)} VM(s) must be shut down for {string.Join("; ", waiting.Select(g => g.Describe()))}: blocked until {until:yyyy-MM-dd HH:mm zzz}, the next maintenance window",
                until));
            runnable.RemoveAll(waiting.Contains);
            AssignWaves(runnable, budget); // what does not wait for a window (immediate failbacks) starts at wave 1
        }

        var emitter = new OperationEmitter(spec.Policy);
        foreach (var (host, pool) in PoolsToCreate(spec, cluster, targets))
        {
            emitter.CreatePool(host, pool);
        }

        foreach (var wave in runnable.GroupBy(g => g.Wave).OrderBy(g => g.Key))
        {
            var tail = wave.Key > 1 ? emitter.Tail(wave.Key - 1) : [];
            foreach (var group in wave)
            {
                emitter.EmitGroup(group, tail);
            }
        }

        var operations = emitter.Operations;
        var summary = new PlanSummary(
            operations.Where(o => o.Kind == OperationKind.StopVm).Select(o => o.Vm!).ToValueList(),
            operations.Where(o => o.Kind == OperationKind.StartVm).Select(o => o.Vm!).ToValueList(),
            operations.Where(o => o.Kind == OperationKind.SetPartitionCount).Select(o => $"{o.Host}/{o.Gpu}").Distinct().ToValueList(),
            runnable.Count == 0 ? 0 : runnable.Max(g => g.Wave));
        return new Plan(spec.Name, operations.ToValueList(), blocked.ToValueList(), diff.Drift.ToValueList(), summary)
        {
            FailedOver = FailedOverReport(diff, operations, blocked, windowOpens),
        };
    }

    /// <summary>Each away VM with what this plan does: moves it back, or why not yet.</summary>
    private static ValueList<FailedOverVm> FailedOverReport(ClusterDiff diff, IReadOnlyList<Operation> operations, List<BlockedItem> blocked, DateTimeOffset? windowOpens) =>
        diff.Targets.FailedOver.Select(f =>
        {
            if (diff.Targets.Vm(f.Vm)?.MoveTo is null)
            {
                return f; // it stays: the reason is already said
            }

            var status = operations.Any(o => o.Kind == OperationKind.MoveVm && ResolvedTargets.Same(o.Vm, f.Vm))
                ? $"moves back to {f.PreferredHost} in this plan"
                : blocked.FirstOrDefault(b => b.Object == $"vm/{f.Vm}" || (b.Reason == BlockReason.Budget && b.Message.Contains($" {f.Vm}", StringComparison.OrdinalIgnoreCase))) is { } item
                ? $"cannot move back yet: {item.Message}"
                : windowOpens is { } until
                ? $"moves back in the next maintenance window ({until:yyyy-MM-dd HH:mm zzz})"
                : f.Failback;
            return f with { Failback = status };
        }).ToValueList();

    /// <summary>Groups that take no running VM down go in wave 0; the others fill waves of at most the budget, in order.</summary>
    private static void AssignWaves(List<ChangeGroup> groups, int budget)
    {
        var wave = 1;
        var used = 0;
        foreach (var group in groups)
        {
            if (group.Weight == 0)
            {
                group.Wave = 0;
                continue;
            }

            if (used + group.Weight > budget)
            {
                wave++;
                used = 0;
            }

            group.Wave = wave;
            used += group.Weight;
        }
    }

    /// <summary>Pools go on every node of a failover cluster (same name everywhere), or on the hosts whose GPUs join them.</summary>
    private static IEnumerable<(string Host, string Pool)> PoolsToCreate(ClusterSpec spec, ObservedCluster cluster, ResolvedTargets targets)
    {
        var wanted = targets.Gpus.Where(g => g.Pool is not null).ToList();
        foreach (var pool in wanted.Select(g => g.Pool!).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
        {
            var hosts = spec.FailoverCluster
                ? spec.Hosts.Select(h => h.Name).Where(h => cluster.Host(h) is { State: not HostState.Down })
                : wanted.Where(g => ResolvedTargets.Same(g.Pool, pool)).Select(g => g.Host).Distinct(StringComparer.OrdinalIgnoreCase);
            var existing = cluster.Pools.FirstOrDefault(p => ResolvedTargets.Same(p.Name, pool));
            foreach (var host in hosts.Where(h => existing is null || !existing.Hosts.Any(e => ResolvedTargets.Same(e, h))))
            {
                yield return (host, pool);
            }
        }
    }
}
