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

    [LoggerMessage(4, LogLevel.Warning, "{Host}: PnP reports no location path for GPU {InstancePath} (DEVPKEY_Device_LocationPaths); it is reported by its instance path")]
    public static partial void NoLocationPath(ILogger logger, string host, string instancePath);

    [LoggerMessage(5, LogLevel.Debug, "{Host}: the failover cluster namespace is not reachable ({Message}); the cluster is treated as standalone hosts")]
    public static partial void NoClusterNamespace(ILogger logger, string host, string message);

    [LoggerMessage(7, LogLevel.Debug, "WS-Management {Operation} on {Host} found nothing ({Code}): {Message}")]
    public static partial void NotFound(ILogger logger, string operation, string host, string code, string message);

    [LoggerMessage(6, LogLevel.Information, "Observed {Hosts} host(s) in {Round} WS-Management round trips")]
    public static partial void Observed(ILogger logger, int hosts, long round);

    [LoggerMessage(8, LogLevel.Information, "{Host}: {Doing}: an earlier attempt's job {Job} may still run; waiting for it instead of sending the change again")]
    public static partial void AwaitingEarlierJob(ILogger logger, string host, string job, string doing);

    [LoggerMessage(9, LogLevel.Warning, "{Host}: {Doing}: an earlier attempt's job failed ({Message}); checking whether the change is still to do")]
    public static partial void EarlierJobFailed(ILogger logger, string host, string doing, string message);

    [LoggerMessage(10, LogLevel.Information, "{Host}: {Doing}: already done, nothing sent")]
    public static partial void AlreadyDone(ILogger logger, string host, string doing);

    [LoggerMessage(11, LogLevel.Warning, "{Host}: {Doing}: the call failed in doubt ({Message}) but the host shows it done")]
    public static partial void InDoubtButDone(ILogger logger, string host, string doing, string message);

    [LoggerMessage(12, LogLevel.Warning, "{Host}: VM {Vm} holds {Count} {What}; the observed state shows the first only; removing the adapter removes them all")]
    public static partial void ExtraDevices(ILogger logger, string host, string vm, int count, string what);

    [LoggerMessage(13, LogLevel.Warning, "{Host}: Win32_PnPEntity.GetDeviceProperties for {InstancePath} failed ({Message}); the GPU is reported by its instance path")]
    public static partial void PnpUnreadable(ILogger logger, string host, string instancePath, string message);

    [LoggerMessage(14, LogLevel.Debug, "{Host}: {Class} properties of unknown CIM type left out of the instance written back: {Properties}")]
    public static partial void PropertiesLeftOut(ILogger logger, string host, string @class, string properties);
}
