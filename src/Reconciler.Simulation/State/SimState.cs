using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Simulation.State;

/// <summary>
/// The whole simulated cluster as it is stored on disk (state.json). Mutable on purpose: one
/// operation loads it, changes it under the platform's rules, and writes it back atomically.
/// </summary>
public sealed class SimState
{
    public string Name { get; set; } = "";

    public bool FailoverCluster { get; set; }

    public List<SimHost> Hosts { get; set; } = [];

    public List<SimPool> Pools { get; set; } = [];

    public SimBehaviour Behaviour { get; set; } = new();

    /// <summary>Operations performed so far; seeds the fault and guest dice so runs replay exactly.</summary>
    public long Operations { get; set; }

    public SimHost? Host(string name) => Hosts.Find(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase));

    public IEnumerable<SimVm> Vms => Hosts.SelectMany(h => h.Vms);
}

public sealed class SimHost
{
    public string Name { get; set; } = "";

    public string? Driver { get; set; }

    /// <summary>Up, Paused or Down, as the failover cluster reports the node.</summary>
    public HostState State { get; set; } = HostState.Up;

    public List<SimGpu> Gpus { get; set; } = [];

    public List<SimVm> Vms { get; set; } = [];

    public SimGpu? Gpu(string locationPath) => Gpus.Find(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase));

    public SimVm? Vm(string name) => Vms.Find(v => string.Equals(v.Name, name, StringComparison.OrdinalIgnoreCase));
}

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

    /// <summary>Holds a partition or a GPU now: running, paused, saved, or on its way.</summary>
    public bool IsActive => State is not VmPowerState.Off;
}

public sealed class SimAdapter
{
    /// <summary>The GPU it is pinned to (HostResource), or null to let Hyper-V choose at start.</summary>
    public string? PinnedGpu { get; set; }

    /// <summary>The GPU the partition resolved to when the VM last started.</summary>
    public string? ResolvedGpu { get; set; }

    public PartitionSettings Settings { get; set; } = PartitionSettings.None;

    public string? Gpu => PinnedGpu ?? ResolvedGpu;
}

public sealed class SimDdaDevice
{
    public string? LocationPath { get; set; }

    public string? Pool { get; set; }

    /// <summary>For a pool claim: the pool GPU the cluster gave the VM when it started.</summary>
    public string? ResolvedPath { get; set; }

    public string? Gpu => LocationPath ?? ResolvedPath;
}

public sealed class SimPool
{
    public string Name { get; set; } = "";

    public List<string> Hosts { get; set; } = [];

    public List<PoolMember> Members { get; set; } = [];
}

/// <summary>How the simulated hosts behave: latencies, time scale, faults and stubborn guests.</summary>
public sealed class SimBehaviour
{
    public TimeSpan ShutdownLatency { get; set; }

    public TimeSpan TurnOffLatency { get; set; }

    public TimeSpan StartLatency { get; set; }

    public TimeSpan ReconfigureLatency { get; set; }

    /// <summary>Multiplies every latency: 1 is real time, 0 is instant.</summary>
    public double TimeScale { get; set; } = 1;

    public double TransientFaultRate { get; set; }

    public int Seed { get; set; } = 1;

    public double IgnoreShutdownRate { get; set; }
}
