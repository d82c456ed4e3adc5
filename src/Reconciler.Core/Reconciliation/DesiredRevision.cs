using Reconciler.Spec;

namespace Reconciler.Reconciliation;

/// <summary>A cluster's spec as one revision of the source has it.</summary>
public sealed record DesiredRevision(string Commit, DateTimeOffset CommittedAt, ClusterSpec Spec)
{
    public string ShortCommit => Commit.Length > 12 ? Commit[..12] : Commit;
}
