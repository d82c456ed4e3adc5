using Microsoft.Extensions.Logging;

namespace Reconciler.Alerts;

/// <summary>Delivery logs name the channel, never its URL: Slack and Teams URLs are secrets.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(40, LogLevel.Information, "Alert channels: {Channels}")]
    public static partial void Channels(ILogger logger, string channels);

    [LoggerMessage(41, LogLevel.Warning, "Alert channel {Channel}: attempt {Attempt} failed ({Reason}); trying again in {Delay}")]
    public static partial void Retrying(ILogger logger, string channel, int attempt, string reason, TimeSpan delay);

    [LoggerMessage(42, LogLevel.Error, "Alert channel {Channel}: giving up on {State} alert {Fingerprint} for {Cluster}: {Reason}")]
    public static partial void GaveUp(ILogger logger, string channel, string state, string fingerprint, string cluster, string reason);

    [LoggerMessage(43, LogLevel.Warning, "Alert channel {Channel}: queue full, dropped the oldest alert ({Fingerprint} for {Cluster})")]
    public static partial void Dropped(ILogger logger, string channel, string fingerprint, string cluster);

    [LoggerMessage(44, LogLevel.Debug, "Alert channel {Channel}: delivered {State} alert {Fingerprint} for {Cluster}")]
    public static partial void Delivered(ILogger logger, string channel, string state, string fingerprint, string cluster);
}
