using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;
using Reconciler.Alerting;
using Reconciler.Metrics;
using Reconciler.Service;

namespace Reconciler.Alerts;

/// <summary>
/// Delivers the loop's alerts to every channel. <see cref="Send"/> only enqueues, so a slow or
/// dead receiver never holds up a reconcile; each channel has its own bounded queue and worker,
/// so one bad channel does not delay the others. Deciding what to send (dedupe by fingerprint,
/// re-notify interval, resolve) is the loop's AlertBook's job, not this one's.
/// </summary>
internal sealed class AlertDispatcher : BackgroundService, IAlertSink
{
    private readonly IReadOnlyList<Lane> _lanes;
    private readonly AlertDelivery _delivery;
    private readonly ReconcilerMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public AlertDispatcher(IReadOnlyList<IAlertChannel> channels, AlertDelivery delivery, ReconcilerMetrics metrics, TimeProvider time, ILogger<AlertDispatcher> logger)
    {
        _delivery = delivery;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _lanes = [.. channels.Select(c => new Lane(c, Channel.CreateBounded<Alert>(
            new BoundedChannelOptions(delivery.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped => Dropped(c, dropped))))];
    }

    public IReadOnlyList<string> ChannelNames => [.. _lanes.Select(l => l.Channel.Name)];

    /// <summary>Never blocks: a full queue drops its oldest notification.</summary>
    public void Send(Alert alert)
    {
        foreach (var lane in _lanes)
        {
            lane.Queue.Writer.TryWrite(alert);
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        AlertLog.Channels(_logger, string.Join(", ", ChannelNames));
        return Task.WhenAll(_lanes.Select(lane => RunAsync(lane, stoppingToken)));
    }

    private async Task RunAsync(Lane lane, CancellationToken stoppingToken)
    {
        var pipeline = _delivery.Pipeline(_time, args =>
        {
            _metrics.AlertDelivery(lane.Channel.Name, "retried");
            AlertLog.Retrying(_logger, lane.Channel.Name, args.AttemptNumber + 1, Reason(args.Outcome.Exception), args.RetryDelay);
            return ValueTask.CompletedTask;
        });
        try
        {
            await foreach (var alert in lane.Queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await DeliverAsync(lane.Channel, pipeline, alert, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is re-decided by the next process's loop.
        }
    }

    private async Task DeliverAsync(IAlertChannel channel, ResiliencePipeline pipeline, Alert alert, CancellationToken stoppingToken)
    {
        var state = AlertText.State(alert);
        try
        {
            await pipeline.ExecuteAsync(ct => new ValueTask(channel.DeliverAsync(alert, ct)), stoppingToken).ConfigureAwait(false);
            _metrics.AlertDelivery(channel.Name, "delivered");
            AlertLog.Delivered(_logger, channel.Name, state, alert.Fingerprint, alert.Cluster);
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Anything a channel throws (a bug, a bad payload) costs this alert only: an exception
            // that left the lane would stop the whole service (BackgroundService: StopHost).
            // Reason names the exception's type, never its message, which may hold the URL.
            _metrics.AlertDelivery(channel.Name, "failed");
            AlertLog.GaveUp(_logger, channel.Name, state, alert.Fingerprint, alert.Cluster, Reason(e));
        }
    }

    private void Dropped(IAlertChannel channel, Alert alert)
    {
        _metrics.AlertDropped(channel.Name);
        AlertLog.Dropped(_logger, channel.Name, alert.Fingerprint, alert.Cluster);
    }

    /// <summary>Why an attempt failed, in words that hold no URL (exception messages may).</summary>
    private string Reason(Exception? e) => e switch
    {
        HttpRequestException { StatusCode: { } code } => $"HTTP {(int)code}",
        HttpRequestException h => $"cannot reach the receiver: {h.HttpRequestError}",
        TimeoutRejectedException => $"no answer within {_delivery.AttemptTimeout}",
        null => "unknown",
        _ => e.GetType().Name,
    };

    private sealed record Lane(IAlertChannel Channel, Channel<Alert> Queue);
}
