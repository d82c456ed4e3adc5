namespace Reconciler.Git;

/// <summary>One commit of the source: its full id, when it was committed, and its subject line.</summary>
public sealed record Revision(string Commit, DateTimeOffset CommittedAt, string Subject)
{
    /// <summary>The first 12 hex digits, as people quote commits (the rule of Reconciler.Text.CommitId, which this project cannot reference).</summary>
    public string Short => Commit.Length > 12 ? Commit[..12] : Commit;
}
