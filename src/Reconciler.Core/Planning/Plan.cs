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
    public bool HasChanges => Operations.Count > 0;

    public bool IsBlocked => Blocked.Count > 0;
}

/// <summary>Something the plan leaves undone, with the reason a person can act on.</summary>
public sealed record BlockedItem(string Object, BlockReason Reason, string Message, DateTimeOffset? Until = null);

public enum BlockReason
{
    /// <summary>Outside every maintenance window: disruptive steps wait.</summary>
    Window,

    /// <summary>More VMs would be down at once than maxUnavailable allows.</summary>
    Budget,

    /// <summary>The spec and the cluster disagree in a way only a person can settle.</summary>
    Conflict,

    /// <summary>Not enough partitions or pool GPUs.</summary>
    Capacity,

    /// <summary>Hardware the spec names is missing or unusable.</summary>
    Hardware,
}

/// <summary>What the plan does to people's VMs and GPUs, at a glance.</summary>
public sealed record PlanSummary(ValueList<string> VmsStopped, ValueList<string> VmsStarted, ValueList<string> GpusRepartitioned, int Waves);
