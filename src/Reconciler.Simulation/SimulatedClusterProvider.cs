using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Simulation;

/// <summary>
/// The embedded simulator as a provider. Each call waits its simulated latency, then reads the
/// state under the directory lock, applies one <see cref="SimRules"/> change and writes the state
/// back atomically, so the simulated hosts outlive a reconciler killed at any instant.
/// </summary>
/// <remarks>
/// The file stays the truth (another process may change it: sim drift, the crash-test worker),
/// but it is parsed again only when its text differs from what this provider last read or wrote.
/// </remarks>
public sealed partial class SimulatedClusterProvider(StateStore store, TimeProvider time) : IClusterProvider
{
    // Touched only under the directory lock.
    private string? _text;
    private SimState? _state;
    private ObservedCluster? _observed;

    public async Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        var state = Current();
        return _observed ??= Projection.Observe(state);
    }

    /// <summary>The state as the file has it now; call under the lock. Parses only when the text changed.</summary>
    private SimState Current()
    {
        var text = store.ReadText();
        if (_state is null || !string.Equals(text, _text, StringComparison.Ordinal))
        {
            _state = store.Parse(text);
            _text = text;
            _observed = null;
        }

        return _state;
    }

    private void Saved(SimState state)
    {
        _text = store.Save(state);
        _state = state;
        _observed = null;
    }

    /// <summary>A change that failed may have half-mutated the cached state: read the file again next time.</summary>
    private void Forget()
    {
        _state = null;
        _text = null;
        _observed = null;
    }

    public async Task ShutdownVmAsync(string host, string vm, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var behaviour = await BehaviourAsync(cancellationToken).ConfigureAwait(false);
        var ignores = false;
        await ChangeAsync(state =>
        {
            var target = SimRules.Vm(state, host, vm);
            ignores = target.State == VmPowerState.Running && Dice(state, vm, "shutdown") < state.Behaviour.IgnoreShutdownRate;
        }, TimeSpan.Zero, cancellationToken, save: false, behaviour).ConfigureAwait(false);

        if (ignores)
        {
            // The guest never acts on the request: the caller waits out its timeout.
            await DelayAsync(timeout, 1, cancellationToken).ConfigureAwait(false);
            throw new ProviderException(ProviderErrorKind.ShutdownTimedOut,
                $"the guest of VM {vm} on host {host} did not shut down within {DurationText.Format(timeout)}.", "ShutdownTimeout");
        }

        await ChangeAsync(state => SimRules.TurnOff(SimRules.Vm(state, host, vm)), behaviour.ShutdownLatency, cancellationToken, behaviour: behaviour).ConfigureAwait(false);
    }

    public Task TurnOffVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.TurnOff(SimRules.Vm(state, host, vm)), b => b.TurnOffLatency, cancellationToken);

    public Task StartVmAsync(string host, string vm, CancellationToken cancellationToken) =>
        ChangeAsync(state => SimRules.Start(state, host, vm, time.GetUtcNow()), b => b.StartLatency, cancellationToken);

    /// <summary>A read, not a change: no latency and no fault dice, like Observe.</summary>
    public async Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        var state = Current();
        return SimGuests.Health(state, SimRules.Vm(state, host, vm), time.GetUtcNow());
    }

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
        await ChangeAsync(change, latency(behaviour), cancellationToken, behaviour: behaviour).ConfigureAwait(false);
    }

    /// <summary>Waits the latency, then rolls the fault dice and applies the change in one locked, atomic step.</summary>
    /// <param name="faults">False for what happens to the cluster rather than a call to it (a node failing): no dice.</param>
    private async Task ChangeAsync(Action<SimState> change, TimeSpan latency, CancellationToken cancellationToken, bool save = true, SimBehaviour? behaviour = null, bool faults = true)
    {
        behaviour ??= await BehaviourAsync(cancellationToken).ConfigureAwait(false);
        // The full latency, never less: the durable write comes on top (a few ms), so a benchmark
        // against the simulator can only look slower than the latencies say, never faster.
        await DelayAsync(latency, behaviour.TimeScale, cancellationToken).ConfigureAwait(false);
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        var state = Current();
        try
        {
            if (save)
            {
                state.Operations++;
                if (faults && Dice(state, "", "fault") < state.Behaviour.TransientFaultRate)
                {
                    Saved(state); // the attempt counts, so the next one rolls new dice
                    throw new ProviderException(ProviderErrorKind.Transient,
                        "The WS-Management service cannot process the request: the host is busy (simulated transient fault).", "Transient");
                }
            }

            change(state);
            if (save)
            {
                Saved(state);
            }
        }
        catch
        {
            Forget();
            throw;
        }
    }

    private async Task<SimBehaviour> BehaviourAsync(CancellationToken cancellationToken)
    {
        using var _ = await store.LockAsync(cancellationToken).ConfigureAwait(false);
        return Current().Behaviour;
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
