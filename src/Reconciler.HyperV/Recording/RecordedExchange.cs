namespace Reconciler.HyperV.Recording;

/// <summary>
/// One line of a recording's <c>exchanges.jsonl</c>: which host, what was asked (WS-Man action
/// and resource URI), what came back (HTTP status and content type, or the transport error), when and how long it
/// took, and the files holding the two envelopes.
/// </summary>
public sealed record RecordedExchange(
    int Sequence,
    string Host,
    string Action,
    string ResourceUri,
    int? Status,
    string? ContentType,
    string? Error,
    DateTimeOffset StartedAt,
    double ElapsedMilliseconds,
    string RequestFile,
    string? ResponseFile);
