using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Simulation;

/// <summary>
/// The embedded simulator as a provider. Each call waits its simulated latency, then loads the
/// state under the directory lock, applies one <see cref="SimRules"/> change and writes the state
/// back atomically, so the simulated hosts outlive a reconciler killed at any instant.
/// </summary>
public sealed class SimulatedClusterProvider(StateStore store, TimeProvider time) : IClusterProvider
{
    public async Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        return Projection.Observe(store.Load());
    }

    public async Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var behaviour = await BehaviourAsync(cancellationToken).ConfigureAwait(false);
        var ignores = false;
        await ChangeAsync(state =>
        {
            var target = SimRules.Vm(state, host, vm);
            ignores = target.State == VmPowerState.Running && Dice(state, vm, "shutdown") < state.Behaviour.IgnoreShutdownRate;
        }, TimeSpan.Zero, cancellationToken, save: false).ConfigureAwait(false);

        if (ignores)
        {
            // The guest never acts on the request: the caller waits out its timeout.
            await DelayAsync(timeout, 1, cancellationToken).ConfigureAwait(false);
            throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                $"the guest of VM {vm} on host {host} did not shut down within {DurationText.Format(timeout)}.", "ShutdownTimeout");
        }

        await ChangeAsync(state => SimRules.TurnOff(SimRules.Vm(state, host, vm)), behaviour.ShutdownLatency, cancellationToken).ConfigureAwait(false);
    }

    public Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.TurnOff(SimRules.Vm(state, host, vm)), b => b.TurnOffLatency, cancellationToken);

    public Task StartVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.Start(state, host, vm), b => b.StartLatency, cancellationToken);

    public Task AddPartitionAdapterAsync(string host, string vm, string? gpuLocationPath, PartitionSettings settings, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.AddPartitionAdapter(state, host, vm, gpuLocationPath, settings), b => b.ReconfigureLatency, cancellationToken);

    public Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.RemovePartitionAdapter(state, host, vm), b => b.ReconfigureLatency, cancellationToken);

    public Task SetPartitionCountAsync(string host, string gpuLocationPath, int partitionCount, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.SetPartitionCount(state, host, gpuLocationPath, partitionCount), b => b.ReconfigureLatency, cancellationToken);

    public Task DismountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.Dismount(state, host, gpuLocationPath), b => b.ReconfigureLatency, cancellationToken);

    public Task MountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.Mount(state, host, gpuLocationPath), b => b.ReconfigureLatency, cancellationToken);

    public Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.AddDdaDevice(state, host, vm, device), b => b.ReconfigureLatency, cancellationToken);

    public Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.RemoveDdaDevice(state, host, vm, device), b => b.ReconfigureLatency, cancellationToken);

    public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.SetMmio(state, host, vm, low, high), b => b.ReconfigureLatency, cancellationToken);

    public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.SetStopAction(state, host, vm, action), b => b.ReconfigureLatency, cancellationToken);

    public Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.SetOfflineAction(state, vm, action), b => b.ReconfigureLatency, cancellationToken);

    public Task CreatePoolAsync(string host, string pool, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.CreatePool(state, host, pool), b => b.ReconfigureLatency, cancellationToken);

    public Task AddGpuToPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.AddGpuToPool(state, host, pool, gpuLocationPath), b => b.ReconfigureLatency, cancellationToken);

    public Task RemoveGpuFromPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.RemoveGpuFromPool(state, host, pool, gpuLocationPath), b => b.ReconfigureLatency, cancellationToken);

    private async Task ChangeAsync(Action<SimState> change, Func<SimBehaviour, TimeSpan> latency, CancellationToken cancellationToken)
    {
        var behaviour = await BehaviourAsync(cancellationToken).ConfigureAwait(false);
        await ChangeAsync(change, latency(behaviour), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits the latency, then rolls the fault dice and applies the change in one locked, atomic step.</summary>
    private async Task ChangeAsync(Action<SimState> change, TimeSpan latency, CancellationToken cancellationToken, bool save = true)
    {
        var behaviour = await BehaviourAsync(cancellationToken).ConfigureAwait(false);
        await DelayAsync(latency, behaviour.TimeScale, cancellationToken).ConfigureAwait(false);
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        var state = store.Load();
        if (save)
        {
            state.Operations++;
            if (Dice(state, "", "fault") < state.Behaviour.TransientFaultRate)
            {
                store.Save(state); // the attempt counts, so the next one rolls new dice
                throw new ProviderException(ProviderErrorKind.Transient,
                    "The WS-Management service cannot process the request: the host is busy (simulated transient fault).", "Transient");
            }
        }

        change(state);
        if (save)
        {
            store.Save(state);
        }
    }

    private async Task<SimBehaviour> BehaviourAsync(CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        return store.Load().Behaviour;
    }

    private Task DelayAsync(TimeSpan latency, double scale, CancellationToken cancellationToken)
    {
        var scaled = TimeSpan.FromTicks((long)(latency.Ticks * scale));
        return scaled <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(scaled, time, cancellationToken);
    }

    /// <summary>
    /// A die in [0, 1) that depends only on the seed, the operation count and what is rolled for, so
    /// a world replays the same faults in any process (string and HashCode hashes are per-process).
    /// </summary>
    private static double Dice(SimState state, string subject, string purpose)
    {
        var key = $"{state.Behaviour.Seed}|{state.Operations}|{subject.ToUpperInvariant()}|{purpose}";
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return new Random(unchecked((int)hash)).NextDouble();
    }
}
