using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// The three lists a host's GPUs are found in: Msvm_PartitionableGpu (the GPU-P GPUs,
/// learn.microsoft.com/windows/win32/hyperv_v2/msvm-partitionablegpu), Msvm_PciExpress (the
/// dismounted, assignable devices only, os-win hostutils10.get_pci_passthrough_devices) and
/// Win32_VideoController (every display adapter the host itself drives, GPU-P or not).
/// </summary>
internal sealed record GpuInventory(IReadOnlyList<CimInstance> Partitionables, IReadOnlyList<CimInstance> PciExpress, IReadOnlyList<CimInstance> VideoControllers)
{
    /// <summary>PnP instance paths of the GPUs the host has mounted: GPU-P ones and the display adapters that are GPUs.</summary>
    public IEnumerable<string> MountedInstancePaths(GpuCatalog catalog) =>
        Partitionables.Select(p => HostGpu.InstancePathOf(p.String("Name") ?? ""))
            .Concat(VideoControllers.Where(v => IsGpu(catalog, v.String("Name"), v.String("PNPDeviceID"), null)).Select(v => v.String("PNPDeviceID")!))
            .Where(p => p.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A GPU rather than another device: the server's BMC display (ASPEED), an NVMe drive or a NIC
    /// passed through must not show as GPUs. A catalog model, "NVIDIA" in the name, NVIDIA's
    /// vendor ID VEN_10DE, or a location path known to hold a GPU.
    /// </summary>
    public static bool IsGpu(GpuCatalog catalog, string? name, string? instancePath, string? rememberedModel) =>
        instancePath is not null
        && (rememberedModel is not null
            || catalog.Find(name ?? "") is not null
            || (name ?? "").Contains("NVIDIA", StringComparison.OrdinalIgnoreCase)
            || instancePath.Contains("VEN_10DE", StringComparison.OrdinalIgnoreCase));
}
