namespace Reconciler.Service;

/// <summary>
/// Wakes the loop before its timer: a push webhook or POST /api/v1/sync. Requests that arrive
/// while a tick runs collapse into one more tick, as a level-triggered loop needs no more.
/// </summary>
internal sealed class TickTrigger : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Dispose() => _signal.Dispose();

    public void Fire()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already pending: one more tick covers every request so far.
        }
    }

    /// <summary>Waits for <paramref name="delay"/> or a trigger, whichever comes first; true when triggered.</summary>
    public async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(delay, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await _signal.WaitAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
