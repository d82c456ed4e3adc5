namespace Reconciler.Drift;

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

    /// <summary>A node of the cluster is down: nothing is planned on it, and what needs it waits for it.</summary>
    HostDown,
}
