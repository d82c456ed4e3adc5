using Microsoft.Extensions.Logging;

namespace Reconciler.HyperV;

/// <summary>The Hyper-V provider's log lines.</summary>
internal static partial class HyperVLog
{
    [LoggerMessage(1, LogLevel.Warning, "WS-Management {Operation} on {Host} failed ({Code}): {Message}")]
    public static partial void CallFailed(ILogger logger, string operation, string host, string code, string message);

    [LoggerMessage(2, LogLevel.Warning, "Job {Job} on {Host} vanished before it reported an end state (last seen state {State}); taking it as finished, the caller's verification decides")]
    public static partial void JobVanished(ILogger logger, string job, string host, int state);

    [LoggerMessage(3, LogLevel.Information, "{Host}: {Method} {Target}")]
    public static partial void Calling(ILogger logger, string host, string method, string target);

    [LoggerMessage(4, LogLevel.Warning, "{Host}: GPU {InstancePath} has no Msvm_PciExpress entry, so its location path is unknown; it is reported by its instance path")]
    public static partial void NoLocationPath(ILogger logger, string host, string instancePath);

    [LoggerMessage(5, LogLevel.Debug, "{Host}: the failover cluster namespace is not reachable ({Message}); the cluster is treated as standalone hosts")]
    public static partial void NoClusterNamespace(ILogger logger, string host, string message);

    [LoggerMessage(7, LogLevel.Debug, "WS-Management {Operation} on {Host} found nothing ({Code}): {Message}")]
    public static partial void NotFound(ILogger logger, string operation, string host, string code, string message);

    [LoggerMessage(6, LogLevel.Information, "Observed {Hosts} host(s) in {Round} WS-Management round trips")]
    public static partial void Observed(ILogger logger, int hosts, long round);
}
