namespace Reconciler.Service;

/// <summary>The state of the spec source, for /api/v1/status.</summary>
/// <param name="LastFetchedRevision">The newest revision fetched (valid or not).</param>
/// <param name="LastGoodRevision">The revision being reconciled: the newest valid one.</param>
/// <param name="FetchError">Why the last fetch failed, when it did (credentials redacted).</param>
/// <param name="Invalid">Why the newest revision is not used (errors with file:line:column), when it is not.</param>
internal sealed record SourceStatus(
    string Description,
    string? LastFetchedRevision,
    DateTimeOffset? LastFetchAt,
    string? LastGoodRevision,
    string? FetchError,
    IReadOnlyList<string> Invalid);
