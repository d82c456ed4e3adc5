using Reconciler.Drift;
using Reconciler.Planning;

namespace Reconciler.Reconciliation;

/// <summary>A plan as status shows it: its steps in words, what it disrupts, what it cannot do.</summary>
public sealed record PlanReport(
    int Operations,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> VmsStopped,
    IReadOnlyList<string> GpusRepartitioned,
    IReadOnlyList<BlockedItem> Blocked)
{
    public static PlanReport Of(Plan plan) => new(
        plan.Operations.Count,
        [.. plan.Operations.Select(o => $"{o.Id} {o.Host}: {o.Description}")],
        [.. plan.Summary.VmsStopped],
        [.. plan.Summary.GpusRepartitioned],
        [.. plan.Blocked]);
}
