using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// What PnP says of one host's GPUs, asked with Win32_PnPEntity.GetDeviceProperties (root/cimv2,
/// learn.microsoft.com/windows/win32/cimwin32prov/getdeviceproperties-win32-pnpentity; the call
/// Get-PnpDeviceProperty makes): DEVPKEY_Device_LocationPaths for the location path, and
/// DEVPKEY_Device_Children for the partition devices a GPU hosts. One call per GPU, and only for
/// what is not known yet: a device's location path never changes, and a partition device keeps
/// its parent while its virtual function (PartitionVfLuid) lives, so steady observations ask nothing.
/// </summary>
internal sealed class PnpDirectory
{
    public const string LocationPathsKey = "DEVPKEY_Device_LocationPaths";
    public const string ChildrenKey = "DEVPKEY_Device_Children";
    private const string PnpEntity = "Win32_PnPEntity";

    private readonly ConcurrentDictionary<string, string> _locations = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _parents = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _models = new(StringComparer.OrdinalIgnoreCase);

    public string? LocationOf(string instancePath) => _locations.GetValueOrDefault(instancePath);

    /// <summary>The instance path of the GPU a partition device (by its key, see <see cref="PartitionKey"/>) belongs to.</summary>
    public string? ParentOf(string partitionKey) => _parents.GetValueOrDefault(partitionKey);

    /// <summary>The model a location path held while mounted: a dismounted GPU's entry names no model for sure.</summary>
    public string? ModelAt(string locationPath) => _models.GetValueOrDefault(locationPath);

    public void RememberModel(string locationPath, string model) => _models[locationPath] = model;

    /// <summary>A partition device is the same partition only while its virtual function lives.</summary>
    public static string PartitionKey(CimInstance partition) => $"{partition.String("DeviceInstancePath")}|{partition.String("PartitionVfLuid")}";

    /// <summary>
    /// Asks PnP about mounted GPUs whose location path is unknown and, when a realized partition
    /// names a device no GPU is known to host, about every GPU-P GPU's children.
    /// </summary>
    public async Task RefreshAsync(HostSession session, IEnumerable<string> mounted, IReadOnlyList<string> partitionable, IReadOnlyList<CimInstance> partitions, CancellationToken cancellationToken)
    {
        var mountedList = mounted.ToList();
        var ask = mountedList.Where(p => !_locations.ContainsKey(p)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var unresolved = partitions.Where(p => p.String("DeviceInstancePath") is { } device
                && !mountedList.Contains(device, StringComparer.OrdinalIgnoreCase)
                && !_parents.ContainsKey(PartitionKey(p)))
            .ToList();
        if (unresolved.Count > 0)
        {
            ask.UnionWith(partitionable);
        }

        foreach (var instancePath in ask)
        {
            var properties = await PropertiesAsync(session, instancePath, cancellationToken).ConfigureAwait(false);
            if (properties.GetValueOrDefault(LocationPathsKey) is { Count: > 0 } paths)
            {
                // The first entry is the PCIROOT form Dismount-VMHostAssignableDevice takes (MS DDA guide: .Data[0]).
                _locations[instancePath] = paths.FirstOrDefault(p => p.StartsWith("PCIROOT(", StringComparison.OrdinalIgnoreCase)) ?? paths[0];
            }

            var children = properties.GetValueOrDefault(ChildrenKey) ?? [];
            foreach (var partition in unresolved.Where(p => children.Contains(p.String("DeviceInstancePath")!, StringComparer.OrdinalIgnoreCase)))
            {
                _parents[PartitionKey(partition)] = instancePath;
            }
        }
    }

    private static async Task<Dictionary<string, IReadOnlyList<string>>> PropertiesAsync(HostSession session, string instancePath, CancellationToken cancellationToken)
    {
        CimInstance output;
        try
        {
            output = await session.Runner.RunAsync(WsManNames.ClassUri(WsManNames.Cimv2, PnpEntity), [new("DeviceID", instancePath)], "GetDeviceProperties",
                [InvokeParameter.Simple("devicePropertyKeys", LocationPathsKey), InvokeParameter.Simple("devicePropertyKeys", ChildrenKey)],
                $"reading the PnP location path of {instancePath}", cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (!ex.IsTransient)
        {
            // No PnP answer for this device (gone, or the account may not call root/cimv2 methods):
            // it is reported by its instance path, with a warning, rather than failing the whole host.
            HyperVLog.PnpUnreadable(session.Logger, session.Host, instancePath, ex.Message);
            return [];
        }

        // deviceProperties: Win32_PnPDeviceProperty subclasses, one element each, with KeyName and Data.
        return output.Nested("deviceProperties")
            .Where(p => p.String("KeyName") is not null)
            .GroupBy(p => p.String("KeyName")!, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)g.First().Strings("Data"), StringComparer.OrdinalIgnoreCase);
    }
}
