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
    /// <summary>Adds VMs to <see cref="StoppedRunning"/>: a second interrupted run must still remember the first's.</summary>
    public Journal Remembering(IEnumerable<string> stopped) =>
        this with { StoppedRunning = [.. StoppedRunning.Union(stopped, StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)] };
}
