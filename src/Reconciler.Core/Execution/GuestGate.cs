using Reconciler.Observed;
using Reconciler.Drift;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.Execution;

/// <summary>
/// The guest health gate (issue 19): a VM the plan started stays unavailable, and its StartVm
/// unfinished, until its guest reports healthy through the heartbeat integration service. The
/// gate asks the provider at once, then after 0.25 s, 0.5 s, 1 s, ... up to every
/// <see cref="ExecutorOptions.HealthPollInterval"/> (a quick guest is not held up by a long poll,
/// a slow one is not asked too often), on the injected clock, until the guest is up or
/// <c>policy.health.timeout</c> has passed since the start returned.
/// </summary>
internal sealed class GuestGate(IClusterProvider provider, ExecutorOptions options, TimeProvider time)
{
    /// <summary>One ask, for a guest an earlier run started: up, or what its heartbeat says (a failed read counts as not up).</summary>
    public async Task<(bool Up, string Last)> AskAsync(string host, string vm, CancellationToken cancellationToken)
    {
        try
        {
            using var expiry = new CancellationTokenSource(options.CallTimeout, time);
            using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
            var health = await provider.GuestHealthAsync(host, vm, call.Token).ConfigureAwait(false);
            return (health.IsUp(), $"heartbeat: {health.Describe()}");
        }
        catch (ProviderException ex)
        {
            return (false, $"its heartbeat could not be read: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"its heartbeat could not be read: no answer from host {host} within {options.CallTimeout.TotalSeconds:0} s");
        }
    }

    /// <returns>Null once the guest is up; otherwise why the start counts as failed, naming the guest.</returns>
    public async Task<string?> WaitAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var last = "its health was never read";
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var expiry = new CancellationTokenSource(options.CallTimeout, time);
                using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
                var health = await provider.GuestHealthAsync(host, vm, call.Token).ConfigureAwait(false);
                if (health.IsUp())
                {
                    return null;
                }

                if (health == GuestHealth.NotRunning)
                {
                    return $"the guest of VM {vm} did not come back: the VM stopped running before its heartbeat reported OK";
                }

                last = $"heartbeat: {health.Describe()}";
            }
            catch (ProviderException ex)
            {
                // A read that fails is no verdict on the guest: ask again until the deadline.
                last = $"its heartbeat could not be read: {ex.Message}";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = $"its heartbeat could not be read: no answer from host {host} within {options.CallTimeout.TotalSeconds:0} s";
            }

            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return $"the guest of VM {vm} did not come back: its heartbeat did not report OK within {DurationText.Format(timeout)} of the start (policy.health.timeout; last {last})";
            }

            var wait = TimeSpan.FromMilliseconds(250 * (1 << Math.Min(attempt, 8)));
            wait = wait < options.HealthPollInterval ? wait : options.HealthPollInterval;
            await Task.Delay(left < wait ? left : wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The journal's guests (started by an earlier run, never seen up) whose guest is still not up now, asked once each.</summary>
    public async Task<List<ExecutionFailure>> StillDownAsync(Journal journal, ObservedCluster before, CancellationToken cancellationToken)
    {
        var down = new List<ExecutionFailure>();
        foreach (var name in journal.Booting)
        {
            if (before.Vm(name) is not { } vm)
            {
                continue; // gone: nothing left to wait for
            }

            var (up, last) = await AskAsync(vm.Host, name, cancellationToken).ConfigureAwait(false);
            if (!up)
            {
                down.Add(new ExecutionFailure(vm.Host, name, "-", nameof(OperationKind.StartVm),
                    $"the guest of VM {name} is still not up since an earlier run started it ({last}); it counts against maxUnavailable until it is"));
            }
        }

        return down;
    }
}
