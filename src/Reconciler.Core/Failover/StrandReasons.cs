using Reconciler.Spec;

namespace Reconciler.Failover;

/// <summary>
/// Why a GPU VM stays off when its node fails: the one place these sentences are made, so the
/// capacity report, the simulator, the review and the planner say the same thing.
/// </summary>
public static class StrandReasons
{
    public const string NotFailoverCluster = "not in a failover cluster: it goes down with its host";

    public const string NotClustered = "not clustered: its cluster offline action is not force shutdown, so the cluster does not restart it elsewhere";

    public const string PinnedDda = "holds a GPU by DDA location path: only VMs that claim GPUs from a pool are placed by the cluster";

    public const string NoOtherNode = "no other node is up to take it";

    public static string NoPartition(ByteSize? size) =>
        $"no surviving node has a free {(size is { } s ? s.ToDisplayString() + " " : "")}GPU partition";

    public static string NoPoolGpus(string pool, int count) =>
        $"no surviving node has {count} free GPU{(count == 1 ? "" : "s")} in pool {pool}";
}
