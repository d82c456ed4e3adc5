using System.Globalization;
using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// One GPU of a host, as <see cref="GpuDiscovery"/> assembled it: its location path (from PnP for
/// a mounted GPU, from Msvm_PciExpress for a dismounted one), its PnP instance path, its
/// Msvm_PartitionableGpu entry when it is GPU-P, and its Msvm_PciExpress entries when it is
/// dismounted (two once it is assigned to a VM, os-win hostutils10.get_pci_passthrough_devices).
/// </summary>
internal sealed record HostGpu(string LocationPath, string InstancePath, string Model, GpuStatus Status, CimInstance? Partitionable, IReadOnlyList<CimInstance> PciEntries)
{
    /// <summary>The entry a new assignment names (os-win vmutils10._get_assignable_pci_device takes the one entry of an unassigned device).</summary>
    public CimInstance? Pci => PciEntries.Count > 0 ? PciEntries[0] : null;

    /// <summary>Whether an Msvm_PciExpress DeviceID (in a HostResource path or a pool allocation) is one of this GPU's entries.</summary>
    public bool HasPciDevice(string? deviceId) =>
        deviceId is not null && PciEntries.Any(p => string.Equals(p.String("DeviceID"), deviceId, StringComparison.OrdinalIgnoreCase));

    /// <summary>"\\?\PCI#VEN_…#4&amp;…#{guid}[\GPUPARAV]" → "PCI\VEN_…\4&amp;…": the interface path names the device instance.</summary>
    public static string InstancePathOf(string partitionableName)
    {
        var name = partitionableName;
        if (name.EndsWith(CimClasses.ParavirtualizationSuffix, StringComparison.OrdinalIgnoreCase))
        {
            name = name[..^CimClasses.ParavirtualizationSuffix.Length];
        }

        if (name.StartsWith(@"\\?\", StringComparison.Ordinal))
        {
            name = name[4..];
        }

        var guid = name.LastIndexOf("#{", StringComparison.Ordinal);
        return (guid > 0 ? name[..guid] : name).Replace('#', '\\');
    }

    /// <summary>The host's figures where it reports them (Msvm_PartitionableGpu), the catalog's otherwise.</summary>
    public ObservedGpu ToObserved(GpuCatalog catalog)
    {
        var known = catalog.Find(Model);
        var counts = Partitionable?.Strings("ValidPartitionCounts")
            .Select(c => int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0)
            .Where(n => n > 0)
            .ToValueList() ?? new ValueList<int>([]);
        if (counts.Count == 0 && known is not null)
        {
            counts = known.ValidPartitionCounts;
        }

        var partitioned = Status == GpuStatus.Partitioned;
        ResourceAmount Amount(string resource, ulong fallback) => new(
            Partitionable?.UInt64($"Total{resource}") ?? fallback,
            partitioned ? Partitionable?.UInt64($"Available{resource}") ?? 0 : 0);
        var capacity = new GpuCapacity(
            Amount("VRAM", known?.VramPerGpu.Bytes ?? 0),
            Amount("Encode", 0),
            Amount("Decode", 0),
            Amount("Compute", 0));
        var count = partitioned ? Partitionable?.Int("PartitionCount") ?? 1 : 0;
        return new ObservedGpu(LocationPath, InstancePath, Model, Status, counts, count, capacity);
    }

    /// <summary>The object path HostResource must hold to pin a partition (a bare Name fails, wsman.md §0.6).</summary>
    public string PartitionablePath(string host) =>
        WmiPath.Format(host, CimClasses.PartitionableGpu, ("CreationClassName", CimClasses.PartitionableGpu), ("Name", Partitionable?.String("Name") ?? ""));

    /// <summary>The __PATH of the assignable Msvm_PciExpress entry, as os-win add_pci_device puts it in HostResource.</summary>
    public string PciPath(string host) =>
        WmiPath.Format(host, CimClasses.PciExpress,
            ("CreationClassName", CimClasses.PciExpress),
            ("DeviceID", Pci?.String("DeviceID") ?? ""),
            ("SystemCreationClassName", CimClasses.ComputerSystem),
            ("SystemName", Pci?.String("SystemName") ?? host));
}
