using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// Assembles a host's GPUs from <see cref="GpuInventory"/> and what PnP says of them
/// (<see cref="PnpDirectory"/>). A mounted GPU's location path comes from PnP
/// (DEVPKEY_Device_LocationPaths, as Microsoft's DDA guide reads it with Get-PnpDeviceProperty),
/// a dismounted one's from its Msvm_PciExpress entries. A mounted GPU that is neither GPU-P nor
/// dismounted is still found, so it can be dismounted for DDA.
/// </summary>
internal static class GpuDiscovery
{
    public static IReadOnlyList<HostGpu> Discover(string host, GpuInventory inventory, PnpDirectory pnp, GpuCatalog catalog, ILogger logger)
    {
        var gpus = new List<HostGpu>();
        var partitionables = inventory.Partitionables
            .Where(p => p.String("Name") is not null)
            .GroupBy(p => HostGpu.InstancePathOf(p.String("Name")!), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var videos = inventory.VideoControllers
            .Where(v => v.String("PNPDeviceID") is not null)
            .GroupBy(v => v.String("PNPDeviceID")!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);

        foreach (var instancePath in inventory.MountedInstancePaths(catalog))
        {
            partitionables.TryGetValue(instancePath, out var partitionable);
            videos.TryGetValue(instancePath, out var video);
            var location = pnp.LocationOf(instancePath);
            if (location is null)
            {
                HyperVLog.NoLocationPath(logger, host, instancePath);
            }

            // Win32_VideoController.Name is the driver's device name ("NVIDIA A16"); ElementName of
            // Msvm_PartitionableGpu is undocumented, so it is only the fallback.
            var model = video?.String("Name") ?? partitionable?.String("ElementName") ?? "";
            var status = partitionable is null ? GpuStatus.NotAssignable
                : (partitionable.String("Name") ?? "").EndsWith(CimClasses.ParavirtualizationSuffix, StringComparison.OrdinalIgnoreCase) ? GpuStatus.Paravirtualization
                : GpuStatus.Partitioned;
            if (location is not null && model.Length > 0)
            {
                pnp.RememberModel(location, model);
            }

            gpus.Add(new HostGpu(location ?? instancePath, instancePath, model, status, partitionable, []));
        }

        // Msvm_PciExpress holds dismounted devices; an assigned one shows twice with the same
        // location path (os-win vmutils10._get_assignable_pci_device), so they are grouped by it.
        foreach (var entries in inventory.PciExpress.Where(p => p.String("LocationPath") is not null).GroupBy(p => p.String("LocationPath")!, StringComparer.OrdinalIgnoreCase))
        {
            var first = entries.First();
            var instancePath = first.String("DeviceInstancePath") ?? "";
            var remembered = pnp.ModelAt(entries.Key);
            if (!GpuInventory.IsGpu(catalog, first.String("ElementName"), instancePath, remembered)
                || gpus.Exists(g => string.Equals(g.LocationPath, entries.Key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            gpus.Add(new HostGpu(entries.Key, instancePath, remembered ?? first.String("ElementName") ?? "", GpuStatus.Dismounted, null, entries.ToList()));
        }

        return gpus;
    }
}
