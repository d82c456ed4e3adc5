using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Reconciler.Providers;

namespace Reconciler.Execution;

/// <summary>
/// One provider call through a Polly pipeline per host: a timeout per call, retries with
/// exponential backoff and jitter for transient failures only, and a circuit breaker so a host
/// that keeps failing is left alone for a while. Polly retries one call; the loop's own backoff
/// between reconciles is the loop's business.
/// </summary>
internal sealed class ProviderCalls(ExecutorOptions options, TimeProvider time, Func<double> randomizer)
{
    private static readonly ResiliencePropertyKey<TimeSpan> TimeoutKey = new("reconciler.timeout");
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _hosts = new(StringComparer.OrdinalIgnoreCase);

    public async Task RunAsync(string host, TimeSpan timeout, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        var pipeline = _hosts.GetOrAdd(host, _ => Build());
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TimeoutKey, timeout);
        try
        {
            await pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"no answer from host {host} within {timeout.TotalSeconds:0} s", "Timeout", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"host {host} failed repeatedly; calls to it are paused for {options.BreakerBreakDuration.TotalSeconds:0} s", "CircuitOpen", ex);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline Build()
    {
        var transient = new PredicateBuilder()
            .Handle<ProviderException>(e => e.IsTransient)
            .Handle<TimeoutRejectedException>();
        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                Delay = options.RetryDelay,
                MaxDelay = options.MaxRetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Randomizer = randomizer,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = options.BreakerFailureRatio,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromMinutes(1),
                BreakDuration = options.BreakerBreakDuration,
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(TimeoutKey, options.CallTimeout)),
            })
            .Build();
    }
}
