using Reconciler.Drift;
using Reconciler.Failover;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Review;

/// <summary>
/// The review of one changed cluster: its layout before and after, the plan that gets from one to
/// the other (with maintenance windows ignored, so it is the whole change), and what blocks it now.
/// <see cref="Before"/>, <see cref="After"/> and <see cref="Plan"/> are null when the head spec is
/// invalid or removed: nothing would be planned.
/// </summary>
public sealed record ClusterReview(
    string Cluster,
    string File,
    SpecChange Change,
    bool Valid,
    string ObservedFrom,
    ClusterLayout? Before,
    ClusterLayout? After,
    Plan? Plan,
    ValueList<BlockedItem> Blocked,
    ValueList<string> Assumptions)
{
    /// <summary>VMs the change shuts down and starts again.</summary>
    public IReadOnlyList<string> Restarted => Plan is null ? [] : Plan.Summary.VmsStopped.Intersect(Plan.Summary.VmsStarted, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>VMs the change shuts down and leaves off.</summary>
    public IReadOnlyList<string> ShutDown => Plan is null ? [] : Plan.Summary.VmsStopped.Except(Plan.Summary.VmsStarted, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>VMs that were off and are started.</summary>
    public IReadOnlyList<string> Started => Plan is null ? [] : Plan.Summary.VmsStarted.Except(Plan.Summary.VmsStopped, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Blocked for a reason other than waiting for a window: a person must act.</summary>
    public bool IsStuck => Blocked.Any(b => b.Reason != BlockReason.Window);

    public BlockedItem? Window => Blocked.FirstOrDefault(b => b.Reason == BlockReason.Window);

    /// <summary>
    /// For a failover cluster: whether the head layout survives the loss of any one node, from the
    /// head spec and the GPU catalog (<see cref="Capacity.Of(ClusterSpec, Catalog.GpuCatalog)"/>); null otherwise.
    /// </summary>
    public CapacityReport? NodeLoss { get; init; }

    /// <summary>The node-loss answer in words, naming the VMs each node's loss strands; null when there is no answer.</summary>
    public string? NodeLossSentence => NodeLoss switch
    {
        null => null,
        { SurvivesAnyOneHost: true } => "survives the loss of any one node",
        { } report => "does not survive a node loss: " + string.Join("; ", report.Hosts.Where(h => h.Stranded.Count > 0)
            .Select(h => $"losing {h.Host} strands {string.Join(", ", h.Stranded.Select(v => v.Vm))}")),
    };

    /// <summary>One line: a mark, the cluster, what the change does, and (failover clusters) whether the head survives a node loss.</summary>
    public string Verdict => NodeLossSentence is { } loss && Valid && Change != SpecChange.Removed && Plan is not null
        ? $"{Headline} · {(NodeLoss!.SurvivesAnyOneHost ? "" : "⚠️ ")}{loss}"
        : Headline;

    private string Headline
    {
        get
        {
            if (!Valid)
            {
                return $"❌ {Cluster}: the head spec is invalid; nothing is planned until it is fixed";
            }

            if (Change == SpecChange.Removed || Plan is null)
            {
                return $"➖ {Cluster}: removed from the specs; the reconciler stops managing it and its hosts keep their layout";
            }

            var operations = Plan.Operations.Count;
            var what = $"{operations} operation{(operations == 1 ? "" : "s")}";
            var down = Restarted.Count + ShutDown.Count;
            if (down > 0)
            {
                what += $", {down} VM{(down == 1 ? "" : "s")} shut down{(Restarted.Count > 0 ? $" ({Restarted.Count} restarted)" : "")}";
            }
            else if (operations > 0)
            {
                what += ", no VM goes down";
            }

            if (IsStuck)
            {
                var reasons = Blocked.Where(b => b.Reason != BlockReason.Window).Select(b => b.Reason.ToString().ToLowerInvariant()).Distinct();
                return $"⛔ {Cluster}: {what}; blocked ({string.Join(", ", reasons)})";
            }

            if (Window is { } window)
            {
                return $"⏳ {Cluster}: {what}; the disruptive part waits for the maintenance window{(window.Until is { } until ? $" ({until:yyyy-MM-dd HH:mm zzz})" : "")}";
            }

            return operations == 0 ? $"✅ {Cluster}: no operations; the hosts already match" : $"{(down > 0 ? "⚠️" : "✅")} {Cluster}: {what}";
        }
    }
}
