using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Simulation.State;

public sealed class SimVm
{
    public string Name { get; set; } = "";

    public VmPowerState State { get; set; } = VmPowerState.Off;

    public SimAdapter? Adapter { get; set; }

    public List<SimDdaDevice> DdaDevices { get; set; } = [];

    public ulong MmioLowBytes { get; set; } = VmMmio.Default.Low.Bytes;

    public ulong MmioHighBytes { get; set; } = VmMmio.Default.High.Bytes;

    public AutomaticStopAction StopAction { get; set; } = AutomaticStopAction.Save;

    public OfflineAction? OfflineAction { get; set; }

    /// <summary>The node the cluster restarted it from when that node failed; null once it is moved on purpose.</summary>
    public string? FailedOverFrom { get; set; }

    public DateTimeOffset? FailedOverAt { get; set; }

    /// <summary>When it was last started, for the guest's boot time; null: running since before the world began (booted).</summary>
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Holds a partition or a GPU now: running, paused, saved, or on its way.</summary>
    public bool IsActive => State is not VmPowerState.Off;
}
