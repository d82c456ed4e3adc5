using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Reconciler.Alerts;

/// <summary>
/// How hard the dispatcher tries: per channel a bounded queue, and per notification a few
/// attempts, each with a timeout, spaced by exponential backoff with jitter.
/// </summary>
internal sealed record AlertDelivery
{
    /// <summary>Notifications waiting per channel; when full, the oldest is dropped (and counted).</summary>
    public int QueueCapacity { get; init; } = 256;

    /// <summary>Attempts per notification, the first included.</summary>
    public int MaxAttempts { get; init; } = 6;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Jitter's source of randomness, injected so tests are repeatable.</summary>
    public required Func<double> Randomizer { get; init; }

    /// <summary>Retries network failures, timeouts, 408, 429 and 5xx; any other refusal will not change by asking again.</summary>
    public ResiliencePipeline Pipeline(TimeProvider time, Func<OnRetryArguments<object>, ValueTask> onRetry) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstRetryDelay,
                MaxDelay = MaxRetryDelay,
                Randomizer = Randomizer,
                ShouldHandle = new PredicateBuilder().Handle<TimeoutRejectedException>().Handle<HttpRequestException>(Transient),
                OnRetry = onRetry,
            })
            .AddTimeout(AttemptTimeout)
            .Build();

    public static bool Transient(HttpRequestException e) =>
        e.StatusCode is null or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)e.StatusCode >= 500;
}
