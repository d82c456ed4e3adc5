using Microsoft.Extensions.Logging;

namespace Reconciler.Service;

/// <summary>The loop's log lines; revisions in them are 12-digit (Reconciler.Text.CommitId).</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(1, LogLevel.Information, "Following {Source}")]
    public static partial void Following(ILogger logger, string source);

    [LoggerMessage(2, LogLevel.Information, "Revision {Revision} is valid: {Clusters} cluster(s), {Warnings} warning(s)")]
    public static partial void RevisionAccepted(ILogger logger, string revision, int clusters, int warnings);

    [LoggerMessage(3, LogLevel.Error, "Revision {Revision} is stalled ({Reason}): {Message}; the last good revision {Good} keeps running")]
    public static partial void RevisionStalled(ILogger logger, string revision, string reason, string message, string good);

    [LoggerMessage(4, LogLevel.Warning, "{Diagnostic}")]
    public static partial void Finding(ILogger logger, string diagnostic);

    [LoggerMessage(5, LogLevel.Warning, "Fetching the source failed; keeping revision {Good}: {Message}")]
    public static partial void FetchFailed(ILogger logger, string good, string message);

    [LoggerMessage(6, LogLevel.Information, "Cluster {Cluster} at {Revision}: {Outcome} in {Seconds:0.###}s: {Message}; next at {Next:u}")]
    public static partial void Reconciled(ILogger logger, string cluster, string revision, string outcome, double seconds, string message, DateTimeOffset next);

    [LoggerMessage(7, LogLevel.Warning, "Cluster {Cluster} at {Revision}: {Outcome} in {Seconds:0.###}s: {Message}; next try in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, string cluster, string revision, string outcome, double seconds, string message, TimeSpan delay);

    [LoggerMessage(8, LogLevel.Information, "{Cluster} {Host}: {Operation}: {Result}{Detail}")]
    public static partial void Operation(ILogger logger, string cluster, string host, string operation, string result, string detail);

    [LoggerMessage(9, LogLevel.Warning, "{Kind} alert {State} for {Cluster} {Object}: {Message}")]
    public static partial void Alerting(ILogger logger, string kind, string state, string cluster, string @object, string message);

    [LoggerMessage(10, LogLevel.Error, "Cluster {Cluster}: the tick failed unexpectedly")]
    public static partial void TickCrashed(ILogger logger, string cluster, Exception exception);

    [LoggerMessage(12, LogLevel.Debug, "{Cluster} {Host}: {Operation} started")]
    public static partial void OperationStarted(ILogger logger, string cluster, string host, string operation);

    [LoggerMessage(14, LogLevel.Warning, "Cluster {Cluster} at {Revision}: {Reason}: {Message}; no retry until a new revision or a sync request")]
    public static partial void ReconcileStalled(ILogger logger, string cluster, string revision, string reason, string message);

    [LoggerMessage(11, LogLevel.Information, "Reconciler is serving on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(13, LogLevel.Warning, "Listening on {Address} with no Http:WebhookSecretFile: POST /hooks/git accepts unsigned pushes from anyone who can reach it; set a secret shared with your git forge")]
    public static partial void UnsignedWebhooks(ILogger logger, string address);
}
