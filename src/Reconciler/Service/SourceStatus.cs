namespace Reconciler.Service;

/// <summary>The state of the spec source, for /api/v1/status. Revisions are full commit ids.</summary>
/// <param name="LastFetchedRevision">The newest revision fetched (valid or not).</param>
/// <param name="LastFetchAt">When a fetch last succeeded (a failed attempt never shows here).</param>
/// <param name="LastGoodRevision">The newest revision taken in: every cluster's, or, when a file of it is broken, that of the clusters of the other files.</param>
/// <param name="FetchError">Why the last fetch attempt failed, when it did (credentials redacted); null once one succeeds.</param>
/// <param name="Invalid">Why the newest revision is not used (errors with file:line:column), when it is not.</param>
/// <param name="LastFetchAttemptAt">When the last fetch attempt ended, failed or not.</param>
internal sealed record SourceStatus(
    string Description,
    string? LastFetchedRevision,
    DateTimeOffset? LastFetchAt,
    string? LastGoodRevision,
    string? FetchError,
    IReadOnlyList<string> Invalid,
    DateTimeOffset? LastFetchAttemptAt = null);
