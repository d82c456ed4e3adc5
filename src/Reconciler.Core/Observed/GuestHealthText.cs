namespace Reconciler.Observed;

/// <summary>The words a guest's health is shown in, and whether the health gate takes it as up.</summary>
public static class GuestHealthText
{
    /// <summary>True when the gate may count the VM as available again.</summary>
    public static bool IsUp(this GuestHealth health) => health is GuestHealth.Ok or GuestHealth.NotMonitored;

    /// <summary>Hyper-V's own status words (StatusDescriptions), so an operator can match them in Hyper-V Manager.</summary>
    public static string Describe(this GuestHealth health) => health switch
    {
        GuestHealth.Ok => "OK",
        GuestHealth.NoContact => "No Contact",
        GuestHealth.LostCommunication => "Lost Communication",
        GuestHealth.Error => "Error",
        GuestHealth.NotRunning => "VM not running",
        GuestHealth.NotMonitored => "heartbeat service disabled",
        _ => health.ToString(),
    };
}
