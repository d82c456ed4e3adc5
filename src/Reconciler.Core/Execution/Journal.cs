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

/// <summary>Where journals live: one per cluster. Implementations make <see cref="Save"/> durable before returning.</summary>
public interface IJournalStore
{
    Journal? Load(string cluster);

    void Save(Journal journal);

    /// <summary>The plan finished (converged or failed with nothing stranded): forget it.</summary>
    void Complete(string cluster);
}

/// <summary>An in-memory store for tests and for one-off runs that need no crash safety.</summary>
public sealed class InMemoryJournalStore : IJournalStore
{
    private readonly Dictionary<string, Journal> _journals = new(StringComparer.Ordinal);

    public Journal? Load(string cluster)
    {
        lock (_journals)
        {
            return _journals.GetValueOrDefault(cluster);
        }
    }

    public void Save(Journal journal)
    {
        lock (_journals)
        {
            _journals[journal.Cluster] = journal;
        }
    }

    public void Complete(string cluster)
    {
        lock (_journals)
        {
            _journals.Remove(cluster);
        }
    }
}
