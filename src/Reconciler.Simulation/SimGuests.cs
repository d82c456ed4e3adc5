using Reconciler.Observed;
using Reconciler.Simulation.State;

namespace Reconciler.Simulation;

/// <summary>
/// What a simulated guest's heartbeat reports, as Hyper-V's does (Msvm_HeartbeatComponent,
/// learn.microsoft.com/windows/win32/hyperv_v2/msvm-heartbeatcomponent): "No Contact" from the
/// VM's start until the guest has booted (behaviour.guests.boot, scaled like every latency),
/// then OK; never OK for a guest the world lists in neverHealthy; nothing while the VM is not
/// running. Pure: the time is a parameter.
/// </summary>
public static class SimGuests
{
    public static GuestHealth Health(SimState state, SimVm vm, DateTimeOffset now)
    {
        if (vm.State != VmPowerState.Running)
        {
            return GuestHealth.NotRunning;
        }

        if (state.Behaviour.NeverHealthy.Contains(vm.Name, StringComparer.OrdinalIgnoreCase))
        {
            return GuestHealth.NoContact;
        }

        return vm.StartedAt is { } started && now < started + Boot(state.Behaviour) ? GuestHealth.NoContact : GuestHealth.Ok;
    }

    /// <summary>The boot time as it passes in this world: scaled by timeScale (0: guests are up at once).</summary>
    public static TimeSpan Boot(SimBehaviour behaviour) => TimeSpan.FromTicks((long)(behaviour.GuestBoot.Ticks * behaviour.TimeScale));
}
