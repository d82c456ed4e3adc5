using Reconciler.Failover;
using Reconciler.Simulation.State;

namespace Reconciler.Simulation;

/// <summary>The failover cluster's calls: the port's offline move, and the simulator's own node failure and recovery.</summary>
public sealed partial class SimulatedClusterProvider
{
    public Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimFailover.MoveVm(state, vm, fromHost, toHost), b => b.ReconfigureLatency, cancellationToken);

    /// <summary><c>sim drift fail-host</c>: not on the port; real nodes fail without being asked.</summary>
    public async Task<NodeFailure> FailHostAsync(string host, CancellationToken cancellationToken)
    {
        NodeFailure? outcome = null;
        await ChangeAsync(state => outcome = SimFailover.FailHost(state, host, time.GetUtcNow()), TimeSpan.Zero, cancellationToken, faults: false).ConfigureAwait(false);
        return outcome!;
    }

    /// <summary><c>sim drift recover-host</c>.</summary>
    public Task RecoverHostAsync(string host, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimFailover.RecoverHost(state, host), TimeSpan.Zero, cancellationToken, faults: false);

    /// <summary><c>sim drift pause-host</c> / <c>resume-host</c>.</summary>
    public Task SetPausedAsync(string host, bool paused, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimFailover.SetPaused(state, host, paused), TimeSpan.Zero, cancellationToken, faults: false);
}
