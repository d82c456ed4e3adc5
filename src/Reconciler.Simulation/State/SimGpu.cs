using Reconciler.Observed;

namespace Reconciler.Simulation.State;

public sealed class SimGpu
{
    public string LocationPath { get; set; } = "";

    public string Model { get; set; } = "";

    public GpuStatus Status { get; set; }

    public int PartitionCount { get; set; } = 1;

    public List<int> ValidPartitionCounts { get; set; } = [];

    public ulong VramBytes { get; set; }

    public ulong Encode { get; set; }

    public ulong Decode { get; set; }

    public ulong Compute { get; set; }

    /// <summary>PnP instance path; it changes when the GPU moves between the host's PCI bus and Hyper-V's PCIP bus.</summary>
    public string InstancePath => Status == GpuStatus.Dismounted
        ? $"PCIP\\VEN_10DE&DEV_{DeviceId}\\{Hash(LocationPath)}"
        : $"PCI\\VEN_10DE&DEV_{DeviceId}&SUBSYS_157E10DE&REV_A1\\4&{Hash(LocationPath)}&0&0000";

    private string DeviceId => Model.EndsWith("A16", StringComparison.Ordinal) || Model.EndsWith("A2", StringComparison.Ordinal) ? "25B6" : "2BB5";

    private static string Hash(string text) => ((uint)text.Aggregate(17, (h, c) => (h * 31) + c)).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
