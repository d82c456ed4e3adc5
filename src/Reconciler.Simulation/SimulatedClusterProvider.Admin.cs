using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Simulation;

/// <summary>
/// <c>sim drift add-adapter | remove-adapter</c>: an admin's change in Windows Admin Center, which
/// turns a running VM off, changes its adapter and starts it again. Not on the port: the reconciler
/// makes these changes step by step, under its budget and journal.
/// </summary>
/// <remarks>
/// The three steps are one atomic change of the state, without fault dice (nothing here goes over
/// WS-Management): when the platform refuses any of them, nothing is saved, so a refused change
/// leaves the VM as it was, running if it ran.
/// </remarks>
public sealed partial class SimulatedClusterProvider
{
    /// <summary>Gives <paramref name="vm"/> a GPU partition (pinned to <paramref name="gpuLocationPath"/> if given).</summary>
    public Task AddPartitionAdapterAsAdminAsync(string vm, string? gpuLocationPath, CancellationToken cancellationToken) =>
        AroundOffAsync(vm, (state, host) => SimRules.AddPartitionAdapter(state, host, vm, gpuLocationPath, PartitionSettings.None), cancellationToken);

    /// <summary>Takes <paramref name="vm"/>'s GPU partition away.</summary>
    public Task RemovePartitionAdapterAsAdminAsync(string vm, CancellationToken cancellationToken) =>
        AroundOffAsync(vm, (state, host) => SimRules.RemovePartitionAdapter(state, host, vm), cancellationToken);

    private Task AroundOffAsync(string vm, Action<SimState, string> change, CancellationToken cancellationToken) =>
        ChangeAsync(state =>
        {
            var host = state.Hosts.Find(h => h.Vm(vm) is not null)
                ?? throw new ProviderException(ProviderErrorKind.Permanent, $"no VM named {vm} in the simulated cluster");
            var target = SimRules.Vm(state, host.Name, vm);
            var wasRunning = target.State == VmPowerState.Running;
            if (wasRunning)
            {
                SimRules.TurnOff(target);
            }

            change(state, host.Name);
            if (wasRunning)
            {
                SimRules.Start(state, host.Name, vm, time.GetUtcNow()); // restarted: its guest boots again
            }
        }, TimeSpan.Zero, cancellationToken, faults: false);
}
