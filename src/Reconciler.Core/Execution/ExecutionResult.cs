using Reconciler.Drift;
using Reconciler.Observed;

namespace Reconciler.Execution;

/// <summary>What a run did, and what the cluster looked like when it ended: callers verify nothing again.</summary>
public sealed record ExecutionResult(ExecutionStatus Status, IReadOnlyList<ExecutionFailure> Failures, int Executed, int Skipped, int NotRun)
{
    /// <summary>The observation the run ended with (after restoring stopped VMs); null when none could be made.</summary>
    public ObservedCluster? After { get; init; }

    /// <summary>The drift left in <see cref="After"/>: what status reports after the tick.</summary>
    public IReadOnlyList<DriftItem> Remaining { get; init; } = [];

    /// <summary>What is left undone on purpose: the plan's blocked items and those the final diff found.</summary>
    public IReadOnlyList<BlockedItem> Blocked { get; init; } = [];

    /// <summary>
    /// Guests an earlier run started that are still not up (the guest health gate's journal): not
    /// this run's failures, but still down, still counted against maxUnavailable, still to alert on.
    /// </summary>
    public IReadOnlyList<ExecutionFailure> GuestsDown { get; init; } = [];
}
