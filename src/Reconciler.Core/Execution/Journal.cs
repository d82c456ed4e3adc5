using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Execution;

/// <summary>
/// The durable record of a plan in flight, written before its first disruptive step and kept up
/// to date as steps finish. If the process dies, the next run reads it and brings back every VM
/// this reconciler stopped (<see cref="StoppedRunning"/>), whatever else happened.
/// </summary>
public sealed record Journal(
    string Cluster,
    string Revision,
    DateTimeOffset Started,
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> Done,
    IReadOnlyList<string> StoppedRunning)
{
    /// <summary>
    /// VMs this reconciler started whose guest it has not seen up yet (the guest health gate):
    /// a later run, or the next apply after a crash, counts them against maxUnavailable until it
    /// sees their guest up. Kept until then, so a guest that never came back is not forgotten.
    /// </summary>
    public IReadOnlyList<string> Booting { get; init; } = [];

    /// <summary>Adds VMs to <see cref="StoppedRunning"/>: a second interrupted run must still remember the first's.</summary>
    public Journal Remembering(IEnumerable<string> stopped) =>
        this with { StoppedRunning = [.. StoppedRunning.Union(stopped, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)] };

    /// <summary>
    /// The journal's stranded VMs: those it says this reconciler stopped while they ran, that are
    /// still off, and that the spec does not want off. The one definition, used to plan their
    /// restart, to restore them after a run, and to decide when the journal is done.
    /// </summary>
    public static IReadOnlySet<string> StrandedIn(Journal? journal, ClusterSpec spec, ObservedCluster cluster) =>
        (journal?.StoppedRunning ?? [])
            .Where(name => cluster.Vm(name) is { State: VmPowerState.Off }
                && spec.Vms.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase))?.Power != PowerIntent.Off)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
