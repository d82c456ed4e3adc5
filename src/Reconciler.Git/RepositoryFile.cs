namespace Reconciler.Git;

/// <summary>A file's content at one revision; <see cref="Path"/> is relative to the repository root, with '/'.</summary>
public sealed record RepositoryFile(string Path, string Content);
