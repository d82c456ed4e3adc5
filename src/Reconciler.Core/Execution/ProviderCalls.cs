using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Reconciler.Observed;
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
    private static readonly ResiliencePropertyKey<RetryBudget?> BudgetKey = new("reconciler.retry-budget");
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Pipeline key of cluster observations: no host can be named so, and a failing observation must not open a host's circuit.</summary>
    private const string ObservationKey = "\0observe";

    /// <param name="budget">The run's retry budget each retry draws from; null for calls that must not be starved by it (restoring VMs).</param>
    public Task RunAsync(string host, TimeSpan timeout, Func<CancellationToken, Task> call, RetryBudget? budget, CancellationToken cancellationToken) =>
        RunAsync(host, $"host {host}", timeout, async ct =>
        {
            await call(ct).ConfigureAwait(false);
            return true;
        }, budget, cancellationToken);

    /// <summary>
    /// Observes the whole cluster like any other call: a real provider's observation fails when any
    /// one host has a transient fault, which is retried here rather than ending the run.
    /// </summary>
    public Task<ObservedCluster> ObserveAsync(IClusterProvider provider, RetryBudget? budget, CancellationToken cancellationToken) =>
        RunAsync(ObservationKey, "the cluster", options.CallTimeout, provider.ObserveAsync, budget, cancellationToken);

    private async Task<T> RunAsync<T>(string key, string subject, TimeSpan timeout, Func<CancellationToken, Task<T>> call, RetryBudget? budget, CancellationToken cancellationToken)
    {
        var pipeline = _hosts.GetOrAdd(key, _ => Build());
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(TimeoutKey, timeout);
        context.Properties.Set(BudgetKey, budget);
        try
        {
            return await pipeline.ExecuteAsync(async ctx => await call(ctx.CancellationToken).ConfigureAwait(false), context).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"no answer from {subject} within {timeout.TotalSeconds:0} s", "Timeout", ex);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ProviderException(ProviderErrorKind.Transient, $"{subject} failed repeatedly; calls to it are paused for {options.BreakerBreakDuration.TotalSeconds:0} s", "CircuitOpen", ex);
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
                // Transient failures only, and only while the run's budget (if the call has one) lasts.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is ProviderException { IsTransient: true } or TimeoutRejectedException
                    && (args.Context.Properties.GetValue(BudgetKey, null)?.TryTake() ?? true)),
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
