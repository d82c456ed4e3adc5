namespace Reconciler.Execution;

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
