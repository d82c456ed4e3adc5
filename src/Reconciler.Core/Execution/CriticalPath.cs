using Reconciler.Drift;
using Reconciler.Planning;

namespace Reconciler.Execution;

/// <summary>
/// How much work still waits on each operation: the longest chain of operations that depend on
/// it, itself included, in rough relative durations. A host that can choose between ready
/// operations runs the one with the longest chain first, so a short independent step (an offline
/// action, say) never delays a shutdown that a restart, and a later wave, are waiting on.
/// </summary>
internal static class CriticalPath
{
    public static IReadOnlyDictionary<string, double> Remaining(Plan plan)
    {
        var dependents = new Dictionary<string, List<Operation>>(StringComparer.Ordinal);
        foreach (var op in plan.Operations)
        {
            foreach (var dependency in op.DependsOn)
            {
                (dependents.TryGetValue(dependency, out var list) ? list : dependents[dependency] = []).Add(op);
            }
        }

        // Dependencies come before their dependents in a plan, so walking backwards sees every dependent first.
        var remaining = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = plan.Operations.Count - 1; i >= 0; i--)
        {
            var op = plan.Operations[i];
            var after = dependents.TryGetValue(op.Id, out var list) ? list.Max(d => remaining.GetValueOrDefault(d.Id)) : 0;
            remaining[op.Id] = Weight(op.Kind) + after;
        }

        return remaining;
    }

    /// <summary>
    /// A guest shutdown or a boot takes several times as long as a configuration call, on Hyper-V
    /// as in the example worlds (20-30 s and 15-20 s against 3-5 s); only the order matters here.
    /// </summary>
    private static double Weight(OperationKind kind) => kind switch
    {
        OperationKind.StopVm => 5,
        OperationKind.StartVm => 4,
        _ => 1,
    };
}
