namespace Reconciler.Observed;

/// <summary>
/// What a VM's guest reports through Hyper-V's heartbeat integration service
/// (Msvm_HeartbeatComponent.OperationalStatus[0], learn.microsoft.com/windows/win32/hyperv_v2/msvm-heartbeatcomponent).
/// The guest health gate waits for <see cref="GuestHealthText.IsUp"/> after it starts a VM.
/// </summary>
public enum GuestHealth
{
    /// <summary>The heartbeat says OK (2), or Degraded (3): operating normally over an older protocol version.</summary>
    Ok,

    /// <summary>No Contact (12): the guest's heartbeat service has not answered yet (still booting) or is not installed.</summary>
    NoContact,

    /// <summary>Lost Communication (13): the guest answered before and no longer does (hung, crashed, rebooting).</summary>
    LostCommunication,

    /// <summary>Non-Recoverable Error (7), or any status the documentation does not list: the guest cannot be trusted up.</summary>
    Error,

    /// <summary>The VM is not running (off, saved or paused): there is no guest to report.</summary>
    NotRunning,

    /// <summary>
    /// The VM runs with its heartbeat service disabled (EnabledState 3), so Hyper-V cannot tell
    /// whether the guest is up: the gate takes the VM as up once it runs, as before the gate.
    /// </summary>
    NotMonitored,
}
