using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Provider;

/// <summary>What one host reports, read in a fixed number of WQL enumerations whatever its VM count.</summary>
internal sealed record HostSnapshot(
    string Host,
    IReadOnlyList<HostGpu> Gpus,
    IReadOnlyList<CimInstance> Systems,
    IReadOnlyList<CimInstance> Settings,
    IReadOnlyList<CimInstance> Partitions,
    IReadOnlyList<CimInstance> RealizedPartitions,
    IReadOnlyList<CimInstance> PciDevices,
    IReadOnlyList<CimInstance> Pools,
    IReadOnlyList<CimInstance> PoolAllocations,
    IReadOnlyList<CimInstance> VideoControllers,
    PnpDirectory Pnp);
