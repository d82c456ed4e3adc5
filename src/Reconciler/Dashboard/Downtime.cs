using Reconciler.Drift;
using Reconciler.Service;
using Reconciler.Planning;

namespace Reconciler.Dashboard;

/// <summary>
/// How long a plan keeps each VM it stops down: the operations of its host from its stop to its
/// start (a host's operations run one at a time), each at the median this cluster measured for
/// its kind. Unmeasured kinds make the estimate a lower bound; with none measured there is none.
/// </summary>
internal sealed record Downtime(string Vm, TimeSpan? Estimate, bool Partial, bool StaysOff)
{
    public static IReadOnlyList<Downtime> Of(Plan plan, OperationTimings timings)
    {
        var result = new List<Downtime>();
        var operations = plan.Operations;
        foreach (var vm in plan.Summary.VmsStopped)
        {
            var stop = IndexOf(operations, OperationKind.StopVm, vm);
            var start = IndexOf(operations, OperationKind.StartVm, vm);
            if (stop < 0)
            {
                continue;
            }

            var host = operations[stop].Host;
            var end = start < 0 ? stop : start;
            var total = TimeSpan.Zero;
            var measured = 0;
            var unmeasured = 0;
            for (var i = stop; i <= end; i++)
            {
                if (!string.Equals(operations[i].Host, host, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (timings.Typical(plan.Cluster, operations[i].Kind) is { } typical)
                {
                    total += typical;
                    measured++;
                }
                else
                {
                    unmeasured++;
                }
            }

            result.Add(new Downtime(vm, measured == 0 ? null : total, unmeasured > 0, start < 0));
        }

        return result;
    }

    public string Text => StaysOff
        ? "stays off (the spec wants it off)"
        : Estimate is { } estimate
            ? $"{(Partial ? "at least " : "about ")}{Display.Duration(estimate)} (measured)"
            : "not measured yet on this cluster";

    private static int IndexOf(Reconciler.Spec.ValueList<Operation> operations, OperationKind kind, string vm)
    {
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i].Kind == kind && string.Equals(operations[i].Vm, vm, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
