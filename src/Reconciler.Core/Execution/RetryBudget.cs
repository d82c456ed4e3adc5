namespace Reconciler.Execution;

/// <summary>
/// The retries one plan run may spend in all, shared by its operations and hosts: sporadic faults
/// are retried for as long as an operation needs, yet a cluster that fails everything cannot make
/// a run retry every call to the end of its own per-call and per-operation caps.
/// </summary>
/// <remarks>Like gRPC's and Finagle's retry budgets, but counted per run rather than per second.</remarks>
internal sealed class RetryBudget(int retries)
{
    private int _left = retries;

    /// <summary>The budget of a plan of <paramref name="operations"/> operations.</summary>
    public static RetryBudget For(int operations, ExecutorOptions options) =>
        new(ExecutorOptions.RunRetryFloor + options.RetriesPerOperation * operations);

    /// <summary>Takes one retry if any is left.</summary>
    public bool TryTake() => Interlocked.Decrement(ref _left) >= 0;

    /// <summary>Retries still left (never below zero).</summary>
    public int Left => Math.Max(0, Volatile.Read(ref _left));
}
