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
    /// <summary>VMs away from their preferred owner (failover clusters), each in one sentence: where, since when, what happens next.</summary>
    public IReadOnlyList<string> FailedOver { get; init; } = [];

    public static PlanReport Of(Plan plan) => new(
        plan.Operations.Count,
        [.. plan.Operations.Select(o => $"{o.Id} {o.Host}: {o.Description}")],
        [.. plan.Summary.VmsStopped],
        [.. plan.Summary.GpusRepartitioned],
        [.. plan.Blocked])
    {
        FailedOver = [.. plan.FailedOver.Select(f => f.Describe())],
    };
}
