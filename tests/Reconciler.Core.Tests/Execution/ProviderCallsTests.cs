using Reconciler.Execution;
using Reconciler.Providers;

namespace Reconciler.Tests.Execution;

public sealed class ProviderCallsTests
{
    private static readonly ExecutorOptions Fast = new() { RetryDelay = TimeSpan.FromTicks(1), MaxRetryDelay = TimeSpan.FromTicks(10) };

    private static async Task<int> CallsUntilGivenUpAsync(RetryBudget? budget)
    {
        var calls = 0;
        var exception = await Assert.ThrowsAsync<ProviderException>(() => new ProviderCalls(Fast, TimeProvider.System, new Random(1).NextDouble)
            .RunAsync("hv-01", TimeSpan.FromSeconds(30), _ =>
            {
                calls++;
                throw new ProviderException(ProviderErrorKind.Transient, "the host is busy", "Transient");
            }, budget, CancellationToken.None));
        Assert.True(exception.IsTransient);
        return calls;
    }

    [Fact]
    public async Task RunAsync_TransientFailuresWithoutARunBudget_RetriedUpToMaxRetries()
    {
        Assert.Equal(Fast.MaxRetries + 1, await CallsUntilGivenUpAsync(budget: null));
    }

    [Fact]
    public async Task RunAsync_TransientFailuresWithTwoRetriesLeftInTheRun_RetriedTwiceAndTheBudgetIsSpent()
    {
        var budget = new RetryBudget(2);

        Assert.Equal(3, await CallsUntilGivenUpAsync(budget));
        Assert.Equal(0, budget.Left);
        Assert.False(budget.TryTake());
    }
}
