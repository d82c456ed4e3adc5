using Reconciler.Spec;
using Reconciler.Text;

namespace Reconciler.Reconciliation;

/// <summary>A cluster's spec as one revision of the source has it.</summary>
public sealed record DesiredRevision(string Commit, DateTimeOffset CommittedAt, ClusterSpec Spec)
{
    /// <summary>The commit as text for people shows it (<see cref="CommitId"/>).</summary>
    public string ShortCommit => CommitId.Short(Commit);
}
