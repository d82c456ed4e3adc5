using Reconciler.Git;

namespace Reconciler.Service;

/// <summary>A background fetch's result: a snapshot, or an untrusted tip's refusal; no commit when the fetch failed.</summary>
internal sealed record Fetched(string? Commit, SourceSnapshot? Snapshot, string? Untrusted);
