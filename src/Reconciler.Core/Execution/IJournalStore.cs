namespace Reconciler.Execution;

/// <summary>Where journals live: one per cluster. Implementations make <see cref="Save"/> durable before returning.</summary>
public interface IJournalStore
{
    Journal? Load(string cluster);

    void Save(Journal journal);

    /// <summary>The plan finished (converged or failed with nothing stranded): forget it.</summary>
    void Complete(string cluster);
}
