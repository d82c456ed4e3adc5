namespace Reconciler.Git;

/// <summary>The spec files of one revision, read from git's object store (never a work tree).</summary>
public sealed record SourceSnapshot(Revision Revision, IReadOnlyList<RepositoryFile> Files);
