using Reconciler.Drift;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>
/// The ordered, dependency-aware steps that make a cluster match its spec with the least
/// disruption, what cannot be done and why, and the drift they answer.
/// </summary>
public sealed record Plan(
    string Cluster,
    ValueList<Operation> Operations,
    ValueList<BlockedItem> Blocked,
    ValueList<DriftItem> Drift,
    PlanSummary Summary)
{
    /// <summary>Listed VMs of a failover cluster away from their preferred owner, and what the plan does about each (by name).</summary>
    public ValueList<FailedOverVm> FailedOver { get; init; } = ValueList<FailedOverVm>.Empty;

    public bool HasChanges => Operations.Count > 0;

    public bool IsBlocked => Blocked.Count > 0;

    /// <summary>A plan with nothing to do: what the executor runs to restore stranded VMs alone.</summary>
    public static Plan Empty(string cluster) => new(cluster, ValueList<Operation>.Empty, ValueList<BlockedItem>.Empty, ValueList<DriftItem>.Empty, new PlanSummary(ValueList<string>.Empty, ValueList<string>.Empty, ValueList<string>.Empty, 0));
}
