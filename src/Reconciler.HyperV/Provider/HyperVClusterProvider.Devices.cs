using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// Devices and VM settings: resource settings added and removed on the VM's realized settings,
/// the partition count by Put, DDA through the assignable device service, VM-level settings by
/// ModifySystemSettings.
/// </summary>
public sealed partial class HyperVClusterProvider
{
    public async Task AddPartitionAdapterAsync(string host, string vm, string? gpuLocationPath, PartitionSettings settings, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        var realized = await session.RealizedSettingsAsync(system.String("Name")!, cancellationToken).ConfigureAwait(false);
        var template = await session.DefaultSettingsAsync(CimClasses.GpuPartitionSettings, cancellationToken).ConfigureAwait(false);
        var overrides = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (gpuLocationPath is not null)
        {
            var gpu = await session.GpuAsync(_catalog, gpuLocationPath, cancellationToken).ConfigureAwait(false);
            if (gpu.Partitionable is null)
            {
                throw new ProviderException(ProviderErrorKind.Permanent, $"GPU {gpuLocationPath} on host {host} is {gpu.Status}, not a partitionable GPU.", "GpuNotPartitionable");
            }

            overrides["HostResource"] = [gpu.PartitionablePath(host)];
        }

        foreach (var (name, value) in SettingValues(settings))
        {
            overrides[name] = [value.ToString(CultureInfo.InvariantCulture)];
        }

        await session.ManageAsync("AddResourceSettings",
            [
                InvokeParameter.Reference("AffectedConfiguration", HostSession.SettingsReference(CimClasses.SystemSettings, realized.String("InstanceID")!)),
                InvokeParameter.Embedded("ResourceSettings", CimClasses.Clone(template, CimClasses.GpuPartitionSettings, overrides)),
            ],
            $"adding a GPU partition adapter to VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    public async Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var adapters = await OwnedSettingsAsync(session, vm, CimClasses.GpuPartitionSettings, cancellationToken).ConfigureAwait(false);
        if (adapters.Count == 0)
        {
            throw new ProviderException(ProviderErrorKind.Permanent, $"VM {vm} on host {host}: Unable to find a Gpu partition adapter matching the given criteria.", "ObjectNotFound");
        }

        await session.ManageAsync("RemoveResourceSettings",
            [InvokeParameter.Reference("ResourceSettings", adapters.Select(a => HostSession.SettingsReference(CimClasses.GpuPartitionSettings, a.String("InstanceID")!)).ToArray())],
            $"removing the GPU partition adapter of VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The partition count is a Put of Msvm_PartitionableGpu.PartitionCount, as Set-VMHostPartitionableGpu does.</summary>
    public async Task SetPartitionCountAsync(string host, string gpuLocationPath, int partitionCount, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var gpu = await session.GpuAsync(_catalog, gpuLocationPath, cancellationToken).ConfigureAwait(false);
        if (gpu.Status != GpuStatus.Partitioned || gpu.Partitionable is null)
        {
            throw new ProviderException(ProviderErrorKind.Permanent, $"GPU {gpuLocationPath} on host {host} is {gpu.Status}, not a partitionable GPU.", "GpuNotPartitionable");
        }

        var valid = gpu.ToObserved(_catalog).ValidPartitionCounts;
        if (valid.Count > 0 && !valid.Contains(partitionCount))
        {
            throw new ProviderException(ProviderErrorKind.Permanent,
                $"partition count {partitionCount} is not valid for GPU {gpuLocationPath} on host {host} (valid: {string.Join(", ", valid)}).", "InvalidParameter");
        }

        var name = gpu.Partitionable.String("Name")!;
        HyperVLog.Calling(_logger, host, "Put", $"{CimClasses.PartitionableGpu}.PartitionCount = {partitionCount}");
        try
        {
            await session.Client.PutAsync(WsManNames.Virtualization, CimClasses.PartitionableGpu,
                [new("CreationClassName", CimClasses.PartitionableGpu), new("Name", name)],
                [new("CreationClassName", CimClasses.PartitionableGpu), new("Name", name), new("PartitionCount", partitionCount.ToString(CultureInfo.InvariantCulture))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            throw ex.ToProviderException(host, $"setting the partition count of GPU {gpuLocationPath} to {partitionCount}");
        }
    }

    public async Task DismountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var gpu = await session.GpuAsync(_catalog, gpuLocationPath, cancellationToken).ConfigureAwait(false);
        if (gpu.Status == GpuStatus.Dismounted)
        {
            return;
        }

        var settings = CimClasses.Instance(CimClasses.DismountSettings,
            ("DeviceInstancePath", gpu.InstancePath),
            ("DeviceLocationPath", gpu.LocationPath),
            ("RequireAcsSupport", "true"),
            ("RequireDeviceMitigations", "false"));
        await session.RunAsync(CimClasses.AssignableDeviceService, CimClasses.ServiceSelectors(CimClasses.AssignableDeviceService), "DismountAssignableDevice",
            [InvokeParameter.Embedded("DismountSettingData", settings)],
            $"dismounting GPU {gpuLocationPath}", cancellationToken).ConfigureAwait(false);
    }

    public async Task MountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var gpu = await session.GpuAsync(_catalog, gpuLocationPath, cancellationToken).ConfigureAwait(false);
        if (gpu.Status != GpuStatus.Dismounted)
        {
            return;
        }

        await session.RunAsync(CimClasses.AssignableDeviceService, CimClasses.ServiceSelectors(CimClasses.AssignableDeviceService), "MountAssignableDevice",
            [InvokeParameter.Reference("AssignableDevice", gpu.PciReference(host))],
            $"mounting GPU {gpuLocationPath} back to the host", cancellationToken).ConfigureAwait(false);
    }

    public async Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        var realized = await session.RealizedSettingsAsync(system.String("Name")!, cancellationToken).ConfigureAwait(false);
        var template = await session.DefaultSettingsAsync(CimClasses.PciExpressSettings, cancellationToken).ConfigureAwait(false);
        var overrides = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
        if (device.LocationPath is { } path)
        {
            var gpu = await session.GpuAsync(_catalog, path, cancellationToken).ConfigureAwait(false);
            overrides["HostResource"] = [gpu.PciPath(host)];
        }
        else if (device.Pool is { } pool)
        {
            // A pool claim: the cluster picks the GPU when the VM starts.
            overrides["PoolID"] = [pool];
            overrides["HostResource"] = [];
        }

        await session.ManageAsync("AddResourceSettings",
            [
                InvokeParameter.Reference("AffectedConfiguration", HostSession.SettingsReference(CimClasses.SystemSettings, realized.String("InstanceID")!)),
                InvokeParameter.Embedded("ResourceSettings", CimClasses.Clone(template, CimClasses.PciExpressSettings, overrides)),
            ],
            $"assigning {device} to VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var devices = await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, cancellationToken).ConfigureAwait(false);
        var gpus = device.Pool is null && device.LocationPath is not null ? await session.GpusAsync(_catalog, cancellationToken).ConfigureAwait(false) : [];
        var deviceId = gpus.FirstOrDefault(g => string.Equals(g.LocationPath, device.LocationPath, StringComparison.OrdinalIgnoreCase))?.Pci?.String("DeviceID");
        var match = devices.FirstOrDefault(d => device.Pool is not null
                ? string.Equals(d.String("PoolID"), device.Pool, StringComparison.OrdinalIgnoreCase)
                : d.Strings("HostResource").Any(p => deviceId is not null && string.Equals(WmiPath.Parse(p)?.Keys.GetValueOrDefault("DeviceID"), deviceId, StringComparison.OrdinalIgnoreCase)))
            ?? throw new ProviderException(ProviderErrorKind.Permanent, $"VM {vm} on host {host} has no assignable device {device}.", "ObjectNotFound");
        await session.ManageAsync("RemoveResourceSettings",
            [InvokeParameter.Reference("ResourceSettings", HostSession.SettingsReference(CimClasses.PciExpressSettings, match.String("InstanceID")!))],
            $"removing {device} from VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>MMIO gaps are in MB on the VM's settings (Set-VM takes bytes).</summary>
    public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken cancellationToken) =>
        ModifySystemAsync(host, vm, $"setting MMIO space {low}/{high}",
            [("LowMmioGapSize", (low.Bytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture)), ("HighMmioGapSize", (high.Bytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture))],
            cancellationToken);

    public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken cancellationToken) =>
        ModifySystemAsync(host, vm, $"setting the automatic stop action to {action}",
            [("AutomaticShutdownAction", action switch { AutomaticStopAction.TurnOff => "2", AutomaticStopAction.ShutDown => "4", _ => "3" })],
            cancellationToken);

    private async Task ModifySystemAsync(string host, string vm, string doing, (string Name, string Value)[] changes, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        var realized = await session.RealizedSettingsAsync(system.String("Name")!, cancellationToken).ConfigureAwait(false);
        var instance = CimClasses.Instance(CimClasses.SystemSettings, [("InstanceID", realized.String("InstanceID")!), .. changes]);
        await session.ManageAsync("ModifySystemSettings", [InvokeParameter.Embedded("SystemSettings", instance)], $"{doing} of VM {vm}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The VM's resource settings of one class: InstanceIDs "Microsoft:&lt;VM GUID&gt;\…".</summary>
    private static async Task<IReadOnlyList<CimInstance>> OwnedSettingsAsync(HostSession session, string vm, string className, CancellationToken cancellationToken)
    {
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        var prefix = $@"Microsoft:{system.String("Name")}\";
        return (await session.QueryAsync(className, null, cancellationToken).ConfigureAwait(false))
            .Where(s => (s.String("InstanceID") ?? "").StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    private static IEnumerable<(string Name, ulong Value)> SettingValues(PartitionSettings s)
    {
        (string, ulong?)[] all =
        [
            ("MinPartitionVRAM", s.MinVram), ("MaxPartitionVRAM", s.MaxVram), ("OptimalPartitionVRAM", s.OptimalVram),
            ("MinPartitionEncode", s.MinEncode), ("MaxPartitionEncode", s.MaxEncode), ("OptimalPartitionEncode", s.OptimalEncode),
            ("MinPartitionDecode", s.MinDecode), ("MaxPartitionDecode", s.MaxDecode), ("OptimalPartitionDecode", s.OptimalDecode),
            ("MinPartitionCompute", s.MinCompute), ("MaxPartitionCompute", s.MaxCompute), ("OptimalPartitionCompute", s.OptimalCompute),
        ];
        return all.Where(a => a.Item2 is not null).Select(a => (a.Item1, a.Item2!.Value));
    }
}
