using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The heartbeat integration service of each running VM (root/virtualization/v2
/// Msvm_HeartbeatComponent), as the simulator's guests report it (<see cref="SimGuests"/>:
/// No Contact while booting, OK once booted, never OK for a broken guest).
/// Sources, learn.microsoft.com/windows/win32/hyperv_v2/msvm-heartbeatcomponent (MicrosoftDocs/win32
/// desktop-src/HyperV_v2/msvm-heartbeatcomponent.md):
/// - the MOF: SystemCreationClassName "Msvm_ComputerSystem", SystemName the VM's Name (its GUID),
///   DeviceID "Microsoft:VMGUID\GUID", ElementName "Heartbeat", EnabledState 2 running, 3 turned off;
/// - OperationalStatus[0]: 2 OK, 3 Degraded, 7 Non-Recoverable Error, 12 No Contact, 13 Lost
///   Communication, 15 Paused; OperationalStatus[1], the applications' state (2 OK), is there only
///   while the guest's integration components run: the page's C# sample reads length 2 as "running";
/// - the sample finds no instance for a VM that is not running, which the fake serves as none.
/// That os-win (openstack os_win/utils/compute/vmutils.py soft_shutdown_vm) finds the sibling
/// Msvm_ShutdownComponent by SystemName = the VM's Name, and none when the VM is off, is the same
/// shape. StatusDescriptions holding the value names ("OK", "No Contact") is inferred: the page
/// says only that they describe the OperationalStatus values.
/// </summary>
public static class FakeHeartbeat
{
    public const string ClassName = "Msvm_HeartbeatComponent";

    /// <summary>The component's instance GUID after the VM's (the page: DeviceID "Microsoft:VMGUID\GUID"; the value is the fake's own).</summary>
    private const string ComponentGuid = "84EAAE65-2F2E-45F5-9BB5-0E857DC8EB47";

    public static IEnumerable<FakeInstance> Components(SimState state, SimHost host, FakeOptions options)
    {
        var now = options.Time.GetUtcNow();
        foreach (var vm in host.Vms.Where(v => v.State == VmPowerState.Running))
        {
            var disabled = options.HeartbeatDisabled.Contains(vm.Name);
            var (status, words) = disabled ? (new[] { "12" }, new[] { "No Contact" })
                : options.LostCommunication.Contains(vm.Name) ? (new[] { "13" }, new[] { "Lost Communication" })
                : SimGuests.Health(state, vm, now) == GuestHealth.Ok ? (new[] { "2", "2" }, new[] { "OK", "OK" })
                : (new[] { "12" }, new[] { "No Contact" });
            yield return new FakeInstance(WsManNames.Virtualization, ClassName)
                .With("CreationClassName", ClassName)
                .With("DeviceID", $@"Microsoft:{FakeIds.Vm(vm.Name)}\{ComponentGuid}")
                .With("SystemCreationClassName", "Msvm_ComputerSystem")
                .With("SystemName", FakeIds.Vm(vm.Name))
                .With("ElementName", "Heartbeat")
                .With("Description", "Microsoft Heartbeat Service")
                .With("EnabledState", (disabled ? 3 : 2).ToString(CultureInfo.InvariantCulture))
                .With("HealthState", "5")
                .With("OperationalStatus", status)
                .With("StatusDescriptions", words);
        }
    }
}
