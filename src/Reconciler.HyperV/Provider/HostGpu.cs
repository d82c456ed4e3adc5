using System.Globalization;
using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// One GPU of a host, joined from its Msvm_PciExpress entry (location path, instance path, name)
/// and its Msvm_PartitionableGpu entry (partition counts and capacities) by PnP instance path.
/// </summary>
internal sealed record HostGpu(string LocationPath, string InstancePath, string Model, GpuStatus Status, CimInstance? Partitionable, CimInstance? Pci)
{
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

    public static IReadOnlyList<HostGpu> Join(string host, IReadOnlyList<CimInstance> partitionables, IReadOnlyList<CimInstance> pcis, GpuCatalog catalog, ILogger logger)
    {
        var byInstance = partitionables
            .Where(p => p.String("Name") is not null)
            .GroupBy(p => InstancePathOf(p.String("Name")!), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var gpus = new List<HostGpu>();
        var matched = new HashSet<CimInstance>();
        foreach (var pci in pcis)
        {
            var instancePath = pci.String("DeviceInstancePath") ?? "";
            var model = pci.String("ElementName") ?? "";
            byInstance.TryGetValue(instancePath, out var partitionable);
            var dismounted = instancePath.StartsWith(@"PCIP\", StringComparison.OrdinalIgnoreCase);

            // Msvm_PciExpress lists every assignable PCIe device; keep the GPUs.
            if (partitionable is null && !dismounted && catalog.Find(model) is null && !model.Contains("NVIDIA", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (partitionable is not null)
            {
                matched.Add(partitionable);
            }

            gpus.Add(new HostGpu(pci.String("LocationPath") ?? instancePath, instancePath, model, StatusOf(partitionable, dismounted), partitionable, pci));
        }

        foreach (var partitionable in partitionables.Where(p => !matched.Contains(p)))
        {
            var instancePath = InstancePathOf(partitionable.String("Name") ?? "");
            HyperVLog.NoLocationPath(logger, host, instancePath);
            gpus.Add(new HostGpu(instancePath, instancePath, partitionable.String("ElementName") ?? "", StatusOf(partitionable, false), partitionable, null));
        }

        return gpus;
    }

    private static GpuStatus StatusOf(CimInstance? partitionable, bool dismounted) => partitionable switch
    {
        not null when (partitionable.String("Name") ?? "").EndsWith(CimClasses.ParavirtualizationSuffix, StringComparison.OrdinalIgnoreCase) => GpuStatus.Paravirtualization,
        not null => GpuStatus.Partitioned,
        _ when dismounted => GpuStatus.Dismounted,
        _ => GpuStatus.NotAssignable,
    };

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

    public string PciPath(string host) =>
        WmiPath.Format(host, CimClasses.PciExpress,
            ("CreationClassName", CimClasses.PciExpress),
            ("DeviceID", Pci?.String("DeviceID") ?? ""),
            ("SystemCreationClassName", CimClasses.ComputerSystem),
            ("SystemName", Pci?.String("SystemName") ?? host));

    public EndpointReference PciReference(string host) => new(CimClasses.Uri(CimClasses.PciExpress),
    [
        new("CreationClassName", CimClasses.PciExpress),
        new("DeviceID", Pci?.String("DeviceID") ?? ""),
        new("SystemCreationClassName", CimClasses.ComputerSystem),
        new("SystemName", Pci?.String("SystemName") ?? host),
    ]);
}
