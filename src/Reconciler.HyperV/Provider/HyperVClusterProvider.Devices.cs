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
        string? pinnedName = null;
        string? pinnedPath = null;
        if (gpuLocationPath is not null)
        {
            var gpu = await session.GpuAsync(_catalog, gpuLocationPath, cancellationToken).ConfigureAwait(false);
            if (gpu.Partitionable is null)
            {
                throw new ProviderException(ProviderErrorKind.Permanent, $"GPU {gpuLocationPath} on host {host} is {gpu.Status}, not a partitionable GPU.", "GpuNotPartitionable");
            }

            pinnedName = gpu.Partitionable.String("Name");
            pinnedPath = gpu.PartitionablePath(host);
        }

        var wanted = SettingValues(settings).ToList();
        var doing = $"adding a GPU partition adapter to VM {vm}";
        await session.ChangeAsync($"add-adapter {vm}", doing, Done, Send, cancellationToken).ConfigureAwait(false);

        // Done when the VM holds an adapter with these values (and this GPU, when pinned). An
        // adapter that differs is not replaced here: a second AddResourceSettings would give the
        // VM a second adapter, so the plan's removal has to come first.
        async Task<bool> Done(CancellationToken ct)
        {
            var adapters = await OwnedSettingsAsync(session, vm, CimClasses.GpuPartitionSettings, ct).ConfigureAwait(false);
            if (adapters.Count == 0)
            {
                return false;
            }

            // The comparison the observer's drift check makes: all twelve values, and the pin.
            if (adapters.Any(a => HostObserver.Settings(a) == settings
                    && string.Equals(a.Strings("HostResource").Select(p => WmiPath.Parse(p)?.Keys.GetValueOrDefault("Name")).FirstOrDefault(n => n is not null), pinnedName, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            throw new ProviderException(ProviderErrorKind.Permanent,
                $"VM {vm} on host {host} already holds {adapters.Count} GPU partition adapter(s) with other settings; remove them before adding another.", "AdapterExists");
        }

        async Task Send(Action<EndpointReference> jobStarted, CancellationToken ct)
        {
            var system = await session.VmAsync(vm, ct).ConfigureAwait(false);
            var realized = await session.RealizedSettingsAsync(system.String("Name")!, ct).ConfigureAwait(false);
            var template = await session.DefaultSettingsAsync(CimClasses.GpuPartitionSettings, ct).ConfigureAwait(false);
            var overrides = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
            if (pinnedPath is not null)
            {
                overrides["HostResource"] = [pinnedPath];
            }

            foreach (var (name, value) in wanted)
            {
                overrides[name] = [value.ToString(CultureInfo.InvariantCulture)];
            }

            await session.ManageAsync("AddResourceSettings",
                [
                    InvokeParameter.Reference("AffectedConfiguration", HostSession.SettingsReference(CimClasses.SystemSettings, realized.String("InstanceID")!)),
                    InvokeParameter.Embedded("ResourceSettings", CimClasses.Clone(template, CimClasses.GpuPartitionSettings, overrides)),
                ],
                doing, ct, jobStarted).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes every GPU partition adapter of the VM. None left after an attempt of ours whose
    /// outcome was in doubt (a lost reply, a timeout) is done; none there on a first attempt fails
    /// as Remove-VMGpuPartitionAdapter does (the executor skips removals already done before calling).
    /// </summary>
    public async Task RemovePartitionAdapterAsync(string host, string vm, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var key = $"remove-adapter {vm}";
        var doing = $"removing the GPU partition adapter of VM {vm}";
        await session.ChangeAsync(key, doing,
            async ct => (await OwnedSettingsAsync(session, vm, CimClasses.GpuPartitionSettings, ct).ConfigureAwait(false)).Count == 0
                && (session.Attempted(key)
                    ? true
                    : throw new ProviderException(ProviderErrorKind.Permanent, $"VM {vm} on host {host}: Unable to find a Gpu partition adapter matching the given criteria.", "ObjectNotFound")),
            async (jobStarted, ct) =>
            {
                var adapters = await OwnedSettingsAsync(session, vm, CimClasses.GpuPartitionSettings, ct).ConfigureAwait(false);
                await session.ManageAsync("RemoveResourceSettings",
                    [InvokeParameter.Reference("ResourceSettings", adapters.Select(a => HostSession.SettingsReference(CimClasses.GpuPartitionSettings, a.String("InstanceID")!)).ToArray())],
                    doing, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
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

        // Read, change, write back: the instance just read, whole, with PartitionCount changed,
        // as the module's VMPartitionableGpu.Put does (PutProperties on the object it read;
        // hyperv-evidence.md claim 2). Its keys are CIM_System's: CreationClassName and Name
        // (MS msvm-partitionablegpu: Msvm_PartitionableGpu : CIM_ComputerSystem).
        var name = gpu.Partitionable.String("Name")!;
        HyperVLog.Calling(_logger, host, "Put", $"{CimClasses.PartitionableGpu}.PartitionCount = {partitionCount}");
        try
        {
            await session.Client.PutAsync(CimClasses.Uri(CimClasses.PartitionableGpu),
                [new("CreationClassName", CimClasses.PartitionableGpu), new("Name", name)],
                gpu.Partitionable.Changed("PartitionCount", partitionCount.ToString(CultureInfo.InvariantCulture)),
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
        var doing = $"dismounting GPU {gpuLocationPath}";
        await session.ChangeAsync($"dismount {gpuLocationPath}", doing,
            async ct => (await session.GpuAsync(_catalog, gpuLocationPath, ct).ConfigureAwait(false)).Status == GpuStatus.Dismounted,
            async (jobStarted, ct) =>
            {
                var gpu = await session.GpuAsync(_catalog, gpuLocationPath, ct).ConfigureAwait(false);
                var settings = CimClasses.Instance(CimClasses.DismountSettings,
                    ("DeviceInstancePath", gpu.InstancePath),
                    ("DeviceLocationPath", gpu.LocationPath),
                    // Both true unless forceDismount: what Dismount-VMHostAssignableDevice sends
                    // without -Force (hyperv-gpu.md §2.9, §3), so the host refuses a GPU it cannot
                    // isolate rather than hand it to a guest.
                    ("RequireAcsSupport", ForceDismount ? "false" : "true"),
                    ("RequireDeviceMitigations", ForceDismount ? "false" : "true"));
                await session.RunAsync(CimClasses.AssignableDeviceService, CimClasses.ServiceSelectors(CimClasses.AssignableDeviceService), "DismountAssignableDevice",
                    [InvokeParameter.Embedded("DismountSettingData", settings)],
                    doing, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task MountGpuAsync(string host, string gpuLocationPath, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var doing = $"mounting GPU {gpuLocationPath} back to the host";
        await session.ChangeAsync($"mount {gpuLocationPath}", doing,
            async ct => (await session.GpuAsync(_catalog, gpuLocationPath, ct).ConfigureAwait(false)).Status != GpuStatus.Dismounted,
            async (jobStarted, ct) =>
            {
                // MountAssignableDevice(in string DeviceInstancePath, in string DeviceLocationPath)
                // (hyperv-gpu.md §2.9). The dismount gave the device a new instance path (PCIP bus),
                // so it comes from this fresh read of Msvm_PciExpress, not from before the dismount.
                var gpu = await session.GpuAsync(_catalog, gpuLocationPath, ct).ConfigureAwait(false);
                await session.RunAsync(CimClasses.AssignableDeviceService, CimClasses.ServiceSelectors(CimClasses.AssignableDeviceService), "MountAssignableDevice",
                    [InvokeParameter.Simple("DeviceInstancePath", gpu.InstancePath), InvokeParameter.Simple("DeviceLocationPath", gpu.LocationPath)],
                    doing, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task AddDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken)
    {
        var session = Session(host);
        HostGpu? gpu = null;
        string? pciPath = null;
        if (device.LocationPath is { } path)
        {
            gpu = await session.GpuAsync(_catalog, path, cancellationToken).ConfigureAwait(false);
            pciPath = gpu.PciPath(host);
        }

        var key = $"add-dda {vm} {device}";
        var doing = $"assigning {device} to VM {vm}";

        // A VM may hold several claims on one pool (one per GPU wanted), so a pool claim is done
        // when the VM holds more than before the first attempt, not merely one.
        int? baseline = device.Pool is { } pool
            ? session.Baseline(key, PoolClaims(await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, cancellationToken).ConfigureAwait(false), pool))
            : null;
        await session.ChangeAsync(key, doing,
            async ct =>
            {
                var devices = await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, ct).ConfigureAwait(false);
                return device.Pool is { } p ? PoolClaims(devices, p) > baseline : devices.Any(d => HoldsDevice(d, gpu));
            },
            async (jobStarted, ct) =>
            {
                var system = await session.VmAsync(vm, ct).ConfigureAwait(false);
                var realized = await session.RealizedSettingsAsync(system.String("Name")!, ct).ConfigureAwait(false);
                var template = await session.DefaultSettingsAsync(CimClasses.PciExpressSettings, ct).ConfigureAwait(false);
                var overrides = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase);
                if (pciPath is not null)
                {
                    overrides["HostResource"] = [pciPath];
                }
                else if (device.Pool is { } p)
                {
                    // A pool claim: the cluster picks the GPU when the VM starts.
                    overrides["PoolID"] = [p];
                    overrides["HostResource"] = [];
                }

                await session.ManageAsync("AddResourceSettings",
                    [
                        InvokeParameter.Reference("AffectedConfiguration", HostSession.SettingsReference(CimClasses.SystemSettings, realized.String("InstanceID")!)),
                        InvokeParameter.Embedded("ResourceSettings", CimClasses.Clone(template, CimClasses.PciExpressSettings, overrides)),
                    ],
                    doing, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveDdaDeviceAsync(string host, string vm, DdaDevice device, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var gpus = device.Pool is null && device.LocationPath is not null ? await session.GpusAsync(_catalog, cancellationToken).ConfigureAwait(false) : [];
        var gpu = gpus.FirstOrDefault(g => string.Equals(g.LocationPath, device.LocationPath, StringComparison.OrdinalIgnoreCase));
        var key = $"remove-dda {vm} {device}";
        var doing = $"removing {device} from VM {vm}";
        int? baseline = device.Pool is { } pool
            ? session.Baseline(key, PoolClaims(await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, cancellationToken).ConfigureAwait(false), pool))
            : null;

        // Nothing matching left after an attempt of ours in doubt is done: a removal whose reply
        // was lost must not fail its repeat. On a first attempt it fails as the cmdlet does.
        await session.ChangeAsync(key, doing,
            async ct =>
            {
                var devices = await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, ct).ConfigureAwait(false);
                if (device.Pool is { } p && PoolClaims(devices, p) < baseline)
                {
                    return true;
                }

                return Match(devices) is null
                    && (session.Attempted(key) ? true : throw new ProviderException(ProviderErrorKind.Permanent, $"VM {vm} on host {host} has no assignable device {device}.", "ObjectNotFound"));
            },
            async (jobStarted, ct) =>
            {
                var match = Match(await OwnedSettingsAsync(session, vm, CimClasses.PciExpressSettings, ct).ConfigureAwait(false))!;
                await session.ManageAsync("RemoveResourceSettings",
                    [InvokeParameter.Reference("ResourceSettings", HostSession.SettingsReference(CimClasses.PciExpressSettings, match.String("InstanceID")!))],
                    doing, ct, jobStarted).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);

        CimInstance? Match(IReadOnlyList<CimInstance> devices) => devices.FirstOrDefault(d => device.Pool is not null
            ? string.Equals(d.String("PoolID"), device.Pool, StringComparison.OrdinalIgnoreCase)
            : HoldsDevice(d, gpu));
    }

    private static int PoolClaims(IReadOnlyList<CimInstance> devices, string pool) =>
        devices.Count(d => string.Equals(d.String("PoolID"), pool, StringComparison.OrdinalIgnoreCase));

    private static bool HoldsDevice(CimInstance setting, HostGpu? gpu) =>
        gpu is not null && setting.Strings("HostResource").Any(p => gpu.HasPciDevice(WmiPath.Parse(p)?.Keys.GetValueOrDefault("DeviceID")));

    /// <summary>MMIO gaps are in MB on the VM's settings (Set-VM takes bytes).</summary>
    public Task SetMmioAsync(string host, string vm, ByteSize low, ByteSize high, CancellationToken cancellationToken) =>
        ModifySystemAsync(host, vm, $"setting MMIO space {low}/{high}",
            [("LowMmioGapSize", (low.Bytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture)), ("HighMmioGapSize", (high.Bytes / ByteSize.MiB).ToString(CultureInfo.InvariantCulture))],
            cancellationToken);

    public Task SetAutomaticStopActionAsync(string host, string vm, AutomaticStopAction action, CancellationToken cancellationToken) =>
        ModifySystemAsync(host, vm, $"setting the automatic stop action to {action}",
            [("AutomaticShutdownAction", action switch { AutomaticStopAction.TurnOff => "2", AutomaticStopAction.ShutDown => "4", _ => "3" })],
            cancellationToken);

    /// <summary>ModifySystemSettings with the whole realized VSSD as read, the changes applied (os-win and the module send the whole setting).</summary>
    private async Task ModifySystemAsync(string host, string vm, string doing, (string Name, string Value)[] changes, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var system = await session.VmAsync(vm, cancellationToken).ConfigureAwait(false);
        var realized = await session.RealizedSettingsAsync(system.String("Name")!, cancellationToken).ConfigureAwait(false);
        var (instance, left) = SystemSettingsSchema.Whole(realized, changes);
        if (left.Count > 0)
        {
            HyperVLog.PropertiesLeftOut(_logger, host, CimClasses.SystemSettings, string.Join(", ", left));
        }

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
