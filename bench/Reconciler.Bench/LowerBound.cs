using Reconciler.Drift;
using Reconciler.Planning;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Bench;

/// <summary>
/// A time no execution of a plan can beat, under the executor's rules (design.md §6): each
/// operation takes at least the simulator's latency for its kind, waits for everything it depends
/// on, a host runs one operation at a time, and at most <c>budget</c> VMs the plan stops are down
/// at once. A start is done only when its guest is up (the guest health gate): its cost includes
/// the guest's boot, but it holds its host only for the start itself (<see cref="HostCost"/>), as
/// the executor frees the host while the guest boots. Every term below is a lower bound of the
/// makespan on its own, so their maximum is too:
/// <list type="number">
/// <item><b>Heads</b> r(o), a time before which o cannot start: after each dependency's head plus
/// its cost, and after all of o's ancestors on any one host have run one by one on that host.
/// The second part is the optimal single-machine schedule of those ancestors with release times
/// r (earliest release first is optimal for 1|r_j|Cmax, and can only finish earlier than the real
/// starts allow).</item>
/// <item><b>Tails</b> q(o), a time that must pass after o finishes: the mirror image (longest
/// chain of descendants; descendants on one host one by one).</item>
/// <item><b>Chains</b>: r(o) + cost(o) + q(o) for every o, which is at least the longest
/// dependency chain.</item>
/// <item><b>Hosts</b>: for every host and every k among its operations, the ones released at or
/// after r(k) start no earlier than r(k) and run one by one, and the last of them still has its
/// tail: r(k) + their total cost + their smallest tail. With k the earliest this is at least the
/// busiest host's total work.</item>
/// <item><b>Budget</b>: a VM the plan stops is down at least from its stop's start to its start's
/// end (its downtime chain D). All downtimes lie between the earliest stop head and the end minus
/// the smallest start tail, and at most <c>budget</c> overlap at any instant, so that span is at
/// least ΣD / budget.</item>
/// </list>
/// Operations already in place would cost nothing; the benchmark plans fresh worlds, where none is.
/// </summary>
internal static class LowerBound
{
    public static double Seconds(Plan plan, SimBehaviour behaviour, int budget)
    {
        var ops = plan.Operations; // dependencies come before their dependents
        var index = ops.Select((o, i) => (o.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var cost = ops.Select(o => Cost(o, behaviour)).ToArray();
        var hostCost = ops.Select(o => HostCost(o, behaviour)).ToArray();
        var deps = ops.Select(o => o.DependsOn.Select(d => index[d]).ToArray()).ToArray();
        if (deps.Select((d, i) => d.Any(j => j >= i)).Any(late => late))
        {
            throw new InvalidOperationException("the plan lists an operation before one it depends on; the bound needs dependency order");
        }

        var ancestors = Closure(ops.Count, i => deps[i], forward: true);
        var dependents = Enumerable.Range(0, ops.Count).Select(i => Enumerable.Range(0, ops.Count).Where(j => deps[j].Contains(i)).ToArray()).ToArray();
        var descendants = Closure(ops.Count, i => dependents[i], forward: false);

        var head = new double[ops.Count];
        for (var i = 0; i < ops.Count; i++)
        {
            head[i] = Math.Max(
                deps[i].Select(d => head[d] + cost[d]).DefaultIfEmpty(0).Max(),
                PerHostSerial(ancestors[i], ops, head, hostCost));
        }

        var tail = new double[ops.Count];
        for (var i = ops.Count - 1; i >= 0; i--)
        {
            tail[i] = Math.Max(
                dependents[i].Select(d => tail[d] + cost[d]).DefaultIfEmpty(0).Max(),
                PerHostSerial(descendants[i], ops, tail, hostCost));
        }

        var chains = Enumerable.Range(0, ops.Count).Select(i => head[i] + cost[i] + tail[i]).DefaultIfEmpty(0).Max();
        var hosts = ops.Select((o, i) => i).GroupBy(i => ops[i].Host, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.Select(k => head[k] + g.Where(j => head[j] >= head[k]).Sum(j => hostCost[j]) + g.Where(j => head[j] >= head[k]).Min(j => cost[j] - hostCost[j] + tail[j])).Max())
            .DefaultIfEmpty(0).Max();
        return Math.Max(Math.Max(chains, hosts), Budget(ops, index, head, tail, cost, descendants, budget));
    }

    /// <summary>Σ downtime / budget, inside the span where downtime can happen (see the class comment).</summary>
    private static double Budget(ValueList<Operation> ops, Dictionary<string, int> index, double[] head, double[] tail, double[] cost, HashSet<int>[] descendants, int budget)
    {
        var downtimes = new List<(double Down, double Head, double Tail)>();
        foreach (var stop in ops.Where(o => o.Kind == OperationKind.StopVm))
        {
            var s = index[stop.Id];
            var start = ops.Select((o, i) => (o, i)).FirstOrDefault(p => p.o.Kind == OperationKind.StartVm && string.Equals(p.o.Vm, stop.Vm, StringComparison.OrdinalIgnoreCase) && descendants[s].Contains(p.i));
            if (start.o is null)
            {
                continue; // stays off (power: off): not a downtime the budget limits
            }

            // Longest chain from the stop's start to the start's end, through operations between them.
            var between = descendants[s].Where(i => i == start.i || descendants[i].Contains(start.i)).Order().ToList();
            var finish = new Dictionary<int, double> { [s] = cost[s] };
            foreach (var i in between)
            {
                finish[i] = cost[i] + ops[i].DependsOn.Select(d => index[d]).Where(finish.ContainsKey).Select(d => finish[d]).DefaultIfEmpty(0).Max();
            }

            downtimes.Add((finish[start.i], head[s], tail[start.i]));
        }

        return downtimes.Count <= budget ? 0 : downtimes.Min(d => d.Head) + (downtimes.Sum(d => d.Down) / budget) + downtimes.Min(d => d.Tail);
    }

    /// <summary>The earliest all of <paramref name="set"/>'s operations on any one host can be done, one by one, given their release times.</summary>
    private static double PerHostSerial(HashSet<int> set, ValueList<Operation> ops, double[] release, double[] cost) =>
        set.GroupBy(i => ops[i].Host, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(i => release[i]).Aggregate(0.0, (t, i) => Math.Max(t, release[i]) + cost[i]))
            .DefaultIfEmpty(0).Max();

    /// <summary>Transitive closure along <paramref name="next"/>, filled in an order where every step's targets are already done.</summary>
    private static HashSet<int>[] Closure(int count, Func<int, int[]> next, bool forward)
    {
        var result = new HashSet<int>[count];
        var order = forward ? Enumerable.Range(0, count) : Enumerable.Range(0, count).Reverse();
        foreach (var i in order)
        {
            result[i] = [];
            foreach (var n in next(i))
            {
                result[i].Add(n);
                result[i].UnionWith(result[n]);
            }
        }

        return result;
    }

    /// <summary>How long an operation takes until it is done, time-scaled, in seconds: a start's includes its guest's boot.</summary>
    public static double Cost(Operation op, SimBehaviour behaviour) =>
        HostCost(op, behaviour) + (op.Kind == OperationKind.StartVm ? behaviour.TimeScale * behaviour.GuestBoot.TotalSeconds : 0);

    /// <summary>How long an operation holds its host: the simulator's latency for the call it makes, time-scaled, in seconds.</summary>
    public static double HostCost(Operation op, SimBehaviour behaviour) => behaviour.TimeScale * (op.Kind switch
    {
        OperationKind.StopVm => behaviour.ShutdownLatency,
        OperationKind.StartVm => behaviour.StartLatency,
        _ => behaviour.ReconfigureLatency,
    }).TotalSeconds;
}
