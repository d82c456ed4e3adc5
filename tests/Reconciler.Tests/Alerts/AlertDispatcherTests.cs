using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reconciler.Alerting;
using Reconciler.Alerts;
using Reconciler.Metrics;
using Reconciler.Testing.Time;
using Reconciler.Tests.Metrics;

namespace Reconciler.Tests.Alerts;

public sealed class AlertDispatcherTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly TestClock _time = new();
    private readonly RecordingLogger _log = new();
    private readonly ReconcilerMetrics _metrics;
    private readonly PrometheusExposition _exposition;
    private readonly CancellationTokenSource _stop = new();

    public AlertDispatcherTests()
    {
        _metrics = new ReconcilerMetrics(_services.GetRequiredService<IMeterFactory>());
        _exposition = new PrometheusExposition(_metrics.Meter);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _exposition.Dispose();
        _services.Dispose();
    }

    private AlertDispatcher Start(int capacity = 16, params IAlertChannel[] channels)
    {
        var delivery = new AlertDelivery { QueueCapacity = capacity, MaxAttempts = 4, FirstRetryDelay = TimeSpan.FromSeconds(2), Randomizer = () => 0.5 };
        var dispatcher = new AlertDispatcher(channels, delivery, _metrics, _time, _log);
        dispatcher.StartAsync(_stop.Token).GetAwaiter().GetResult();
        return dispatcher;
    }

    private static Alert Numbered(int n) => AlertChannelTests.Drift(message: $"alert {n}");

    private double Metric(string family, string channel, string? result = null) =>
        PrometheusText.Parse(_exposition.Write())[family].Samples
            .Where(s => s.Label("channel") == channel && (result is null || s.Label("result") == result))
            .Sum(s => s.Value);

    [Fact]
    public async Task Deliver_ReceiverDownTwice_RetriesAfterGrowingBackoffOnTheInjectedClock()
    {
        var channel = new ScriptedChannel("hook", failures: 2) { Clock = _time };
        Start(channels: channel).Send(Numbered(1));
        var started = _time.GetUtcNow();

        var delays = new List<TimeSpan>();
        for (var retry = 1; retry <= 2; retry++)
        {
            await Until(() => _log.Delays.Count == retry && _time.PendingTimers == 1, $"retry {retry} scheduled");
            delays.Add(_log.Delays[^1]);
            _time.Advance(delays[^1]);
        }

        await Until(() => channel.Delivered.Count == 1, "the delivery");
        Assert.Equal([started, started + delays[0], started + delays[0] + delays[1]], channel.Attempts);
        Assert.True(delays[0] >= TimeSpan.FromSeconds(1), $"first backoff {delays[0]}");
        Assert.True(delays[1] > delays[0], $"backoffs {delays[0]} then {delays[1]} do not grow");
        await Until(() => Metric("reconciler_alert_deliveries_total", "hook", "delivered") == 1, "the delivered metric");
        Assert.Equal(2, Metric("reconciler_alert_deliveries_total", "hook", "retried"));
        Assert.Contains(_log.Lines, l => l.Contains("HTTP 502", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_ReceiverRefusesWithClientError_GivesUpAtOnceAndCountsTheFailure()
    {
        var channel = new ScriptedChannel("hook", failures: int.MaxValue, status: HttpStatusCode.Forbidden);
        Start(channels: channel).Send(Numbered(1));

        await Until(() => Metric("reconciler_alert_deliveries_total", "hook", "failed") == 1, "the failure counted");

        Assert.Single(channel.Attempts);
        Assert.Empty(_log.Delays);
        Assert.Contains(_log.Lines, l => l.Contains("giving up", StringComparison.Ordinal) && l.Contains("HTTP 403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_WhileTheChannelHangs_NeverBlocksAndDropsTheOldest()
    {
        var hanging = new ScriptedChannel("slow", failures: 0) { Gate = new TaskCompletionSource() };
        var dispatcher = Start(capacity: 3, hanging);
        dispatcher.Send(Numbered(1));
        await Until(() => hanging.Attempts.Count == 1, "the first delivery under way");

        for (var n = 2; n <= 10; n++)
        {
            dispatcher.Send(Numbered(n)); // returns at once although nothing moves
        }

        Assert.Equal(6, Metric("reconciler_alert_dropped_total", "slow"));
        hanging.Gate.SetResult();
        await Until(() => hanging.Delivered.Count == 4, "the queue drained");
        Assert.Equal(["alert 1", "alert 8", "alert 9", "alert 10"], hanging.Delivered.Select(a => a.Message));
    }

    [Fact]
    public async Task Send_OneChannelHangs_TheOtherStillDelivers()
    {
        var hanging = new ScriptedChannel("slow", failures: 0) { Gate = new TaskCompletionSource() };
        var healthy = new ScriptedChannel("fast", failures: 0);
        var dispatcher = Start(16, hanging, healthy);

        dispatcher.Send(Numbered(1));
        dispatcher.Send(Numbered(2));

        await Until(() => healthy.Delivered.Count == 2, "the healthy channel's deliveries");
        Assert.Empty(hanging.Delivered);
        hanging.Gate.SetResult();
    }

    [Fact]
    public async Task Deliver_ChannelThrowsAnUnexpectedException_CountsItFailedWithoutItsMessageAndDeliversTheNextAlerts()
    {
        var channel = new FailingFirstChannel("hook", new InvalidOperationException("bad state posting to https://hooks.example/T0/secret-token"));
        var dispatcher = Start(channels: channel);

        dispatcher.Send(Numbered(1));
        dispatcher.Send(Numbered(2));
        dispatcher.Send(Numbered(3));

        await Until(() => channel.Delivered.Count == 2, "the later alerts");
        Assert.Equal(["alert 2", "alert 3"], channel.Delivered.Select(a => a.Message));
        Assert.Equal(1, Metric("reconciler_alert_deliveries_total", "hook", "failed"));
        Assert.Contains(_log.Lines, l => l.Contains("giving up", StringComparison.Ordinal) && l.Contains(nameof(InvalidOperationException), StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Lines, l => l.Contains("secret-token", StringComparison.Ordinal));
    }

    /// <summary>Throws <c>error</c> for its first alert, then delivers.</summary>
    private sealed class FailingFirstChannel(string name, Exception error) : IAlertChannel
    {
        private readonly List<Alert> _delivered = [];
        private int _calls;

        public string Name => name;

        public IReadOnlyList<Alert> Delivered
        {
            get
            {
                lock (_delivered)
                {
                    return [.. _delivered];
                }
            }
        }

        public Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                throw error;
            }

            lock (_delivered)
            {
                _delivered.Add(alert);
            }

            return Task.CompletedTask;
        }
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Fails its first <c>failures</c> attempts with <c>status</c>, then delivers (after <see cref="Gate"/> opens, if set).</summary>
    private sealed class ScriptedChannel(string name, int failures, HttpStatusCode status = HttpStatusCode.BadGateway) : IAlertChannel
    {
        private readonly List<DateTimeOffset> _attempts = [];
        private readonly List<Alert> _delivered = [];

        public string Name => name;

        public TaskCompletionSource? Gate { get; init; }

        /// <summary>The clock attempts are timed by.</summary>
        public TimeProvider? Clock { get; init; }

        public IReadOnlyList<DateTimeOffset> Attempts
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _attempts];
                }
            }
        }

        public IReadOnlyList<Alert> Delivered
        {
            get
            {
                lock (_attempts)
                {
                    return [.. _delivered];
                }
            }
        }

        public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
        {
            int attempt;
            lock (_attempts)
            {
                _attempts.Add(Clock?.GetUtcNow() ?? default);
                attempt = _attempts.Count;
            }

            if (attempt <= failures)
            {
                throw new HttpRequestException(HttpRequestError.Unknown, "refused", statusCode: status);
            }

            if (Gate is not null)
            {
                await Gate.Task;
            }

            lock (_attempts)
            {
                _delivered.Add(alert);
            }
        }
    }

    private sealed class RecordingLogger : ILogger<AlertDispatcher>
    {
        private readonly List<string> _lines = [];
        private readonly List<TimeSpan> _delays = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        /// <summary>The backoff of every retry, as the dispatcher logged it.</summary>
        public IReadOnlyList<TimeSpan> Delays
        {
            get
            {
                lock (_lines)
                {
                    return [.. _delays];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
                if (state is IReadOnlyList<KeyValuePair<string, object?>> fields && fields.FirstOrDefault(f => f.Key == "Delay").Value is TimeSpan delay)
                {
                    _delays.Add(delay);
                }
            }
        }
    }
}
