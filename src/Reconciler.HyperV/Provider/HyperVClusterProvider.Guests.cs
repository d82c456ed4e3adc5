using System.Globalization;
using Reconciler.Observed;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// Guest health from the heartbeat integration service, for the guest health gate. Sources:
/// learn.microsoft.com/windows/win32/hyperv_v2/msvm-heartbeatcomponent (MicrosoftDocs/win32
/// desktop-src/HyperV_v2/msvm-heartbeatcomponent.md): OperationalStatus[0] 2 OK, 3 Degraded
/// ("operating normally" over an older protocol), 7 Non-Recoverable Error, 12 No Contact (not yet
/// contacted, or not installed), 13 Lost Communication, 15 Paused; EnabledState 3 when the service
/// is turned off; its C# sample finds no instance for a VM that is not running. The component is
/// found by SystemName = the VM's Name (GUID), as OpenStack os-win finds the sibling
/// Msvm_ShutdownComponent (os_win/utils/compute/vmutils.py, soft_shutdown_vm) and as
/// <see cref="ShutdownVmAsync"/> does. Not checked against a real host.
/// </summary>
public sealed partial class HyperVClusterProvider
{
    private const int OperationalOk = 2;
    private const int OperationalDegraded = 3;
    private const int OperationalNoContact = 12;
    private const int OperationalLostCommunication = 13;

    public async Task<GuestHealth> GuestHealthAsync(string host, string vm, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        if (HostObserver.PowerState(system.Int("EnabledState")) != VmPowerState.Running)
        {
            return GuestHealth.NotRunning;
        }

        var components = await session.QueryAsync(CimClasses.HeartbeatComponent, $"SystemName = {CimClasses.Literal(system.String("Name")!)}", cancellationToken).ConfigureAwait(false);
        return components.Count == 0 ? GuestHealth.NotMonitored : Health(components[0]);
    }

    /// <summary>The guest's health from one Msvm_HeartbeatComponent instance.</summary>
    internal static GuestHealth Health(WsMan.CimInstance heartbeat)
    {
        if (heartbeat.Int("EnabledState") == Disabled)
        {
            return GuestHealth.NotMonitored; // the service is turned off for this VM: nothing to wait for
        }

        var status = heartbeat.Strings("OperationalStatus");
        var first = status.Count > 0 && int.TryParse(status[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : (int?)null;
        return first switch
        {
            OperationalOk or OperationalDegraded => GuestHealth.Ok,
            OperationalNoContact => GuestHealth.NoContact,
            OperationalLostCommunication => GuestHealth.LostCommunication,
            _ => GuestHealth.Error,
        };
    }
}
