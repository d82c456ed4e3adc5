using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;

namespace Reconciler.HyperV.Provider;

/// <summary>One host's WS-Management client and method runner, with the queries operations share.</summary>
internal sealed class HostSession(string host, MethodRunner runner, TimeProvider time, ILogger logger)
{
    // Jobs of changes whose call ended (job timeout, the executor's call timeout) while the job
    // still ran, by change key: the next attempt waits for that job instead of sending the change
    // a second time (a second AddResourceSettings would add a second adapter).
    private readonly ConcurrentDictionary<string, EndpointReference> _pending = new(StringComparer.OrdinalIgnoreCase);

    // What a counted change (a pool claim added or removed) started from, kept while its outcome
    // is in doubt so a repeat can tell "done" from "still to do" although claims look alike.
    private readonly ConcurrentDictionary<string, int> _baselines = new(StringComparer.OrdinalIgnoreCase);

    // Changes sent whose outcome is not known (a transient failure, the call cancelled): a repeat
    // that finds nothing left to remove was done by that attempt, not asked for by mistake.
    private readonly ConcurrentDictionary<string, byte> _attempted = new(StringComparer.OrdinalIgnoreCase);

    public string Host => host;

    /// <summary>What PnP said of this host's GPUs, kept for the life of the provider (location paths never change).</summary>
    public PnpDirectory Pnp { get; } = new();

    public WsManClient Client => runner.Client;

    public MethodRunner Runner => runner;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public async Task<IReadOnlyList<CimInstance>> QueryAsync(string className, string? where, CancellationToken cancellationToken, string wmiNamespace = WsManNames.Virtualization)
    {
        var wql = $"SELECT * FROM {className}" + (where is null ? "" : $" WHERE {where}");
        try
        {
            return await Client.EnumerateAsync(wmiNamespace, className, wql, cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            throw ex.ToProviderException(host, $"reading {className}");
        }
    }

    /// <summary>The VM named <paramref name="vm"/>: its Msvm_ComputerSystem (Name is the VM's GUID).</summary>
    public async Task<CimInstance> VmAsync(string vm, CancellationToken cancellationToken)
    {
        var found = (await QueryAsync(CimClasses.ComputerSystem, $"ElementName = {CimClasses.Literal(vm)}", cancellationToken).ConfigureAwait(false))
            .Where(IsVirtualMachine)
            .ToList();
        return found.Count switch
        {
            1 => found[0],
            0 => throw new ProviderException(ProviderErrorKind.Permanent, $"Hyper-V was unable to find a virtual machine with name \"{vm}\" on host {host}.", "ObjectNotFound"),
            _ => throw new ProviderException(ProviderErrorKind.Permanent, $"host {host} has {found.Count} virtual machines named \"{vm}\"; rename all but one.", "Ambiguous"),
        };
    }

    /// <summary>Tells VMs from the host's own Msvm_ComputerSystem by Description, which stays English (Caption is localised).</summary>
    public static bool IsVirtualMachine(CimInstance system) =>
        string.Equals(system.String("Description"), CimClasses.VirtualMachineDescription, StringComparison.OrdinalIgnoreCase);

    public async Task<CimInstance> RealizedSettingsAsync(string vmGuid, CancellationToken cancellationToken)
    {
        var where = $"VirtualSystemIdentifier = {CimClasses.Literal(vmGuid)} AND VirtualSystemType = {CimClasses.Literal(CimClasses.Realized)}";
        var found = await QueryAsync(CimClasses.SystemSettings, where, cancellationToken).ConfigureAwait(false);
        return found.Count > 0 ? found[0] : throw new ProviderException(ProviderErrorKind.Permanent, $"host {host}: VM {vmGuid} has no realized Msvm_VirtualSystemSettingData.", "ObjectNotFound");
    }

    public async Task<IReadOnlyList<HostGpu>> GpusAsync(Reconciler.Catalog.GpuCatalog catalog, CancellationToken cancellationToken)
    {
        var partitionables = QueryAsync(CimClasses.PartitionableGpu, null, cancellationToken);
        var devices = QueryAsync(CimClasses.LogicalDevice, CimClasses.DeviceFilter, cancellationToken);
        var video = QueryAsync(CimClasses.VideoController, null, cancellationToken, WsManNames.Cimv2);
        await Task.WhenAll(partitionables, devices, video).ConfigureAwait(false);
        return (await ResolveGpusAsync(partitionables.Result, devices.Result, video.Result, catalog, cancellationToken).ConfigureAwait(false)).Gpus;
    }

    /// <summary>
    /// The GPUs and realized partitions from the GPU-P GPUs, the result of <see cref="CimClasses.DeviceFilter"/>
    /// and the display adapters, with PnP asked what it has not told yet.
    /// </summary>
    public async Task<(IReadOnlyList<HostGpu> Gpus, IReadOnlyList<CimInstance> Partitions)> ResolveGpusAsync(IReadOnlyList<CimInstance> partitionables, IReadOnlyList<CimInstance> devices, IReadOnlyList<CimInstance> videoControllers, Reconciler.Catalog.GpuCatalog catalog, CancellationToken cancellationToken)
    {
        List<CimInstance> Of(string className) => devices.Where(d => string.Equals(d.ClassName, className, StringComparison.OrdinalIgnoreCase)).ToList();
        var inventory = new GpuInventory(partitionables, Of(CimClasses.PciExpress), videoControllers);
        var partitions = Of(CimClasses.GpuPartition);
        var partitionable = inventory.Partitionables.Select(p => HostGpu.InstancePathOf(p.String("Name") ?? "")).ToList();
        await Pnp.RefreshAsync(this, inventory.MountedInstancePaths(catalog), partitionable, partitions, cancellationToken).ConfigureAwait(false);
        return (GpuDiscovery.Discover(host, inventory, Pnp, catalog, logger), partitions);
    }

    public async Task<HostGpu> GpuAsync(Reconciler.Catalog.GpuCatalog catalog, string locationPath, CancellationToken cancellationToken) =>
        (await GpusAsync(catalog, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(g => string.Equals(g.LocationPath, locationPath, StringComparison.OrdinalIgnoreCase))
        ?? throw new ProviderException(ProviderErrorKind.Permanent, $"host {host} has no GPU at location path {locationPath}.", "ObjectNotFound");

    /// <summary>The <c>…\Default</c> allocation setting of a class, the template new devices are cloned from.</summary>
    public async Task<CimInstance> DefaultSettingsAsync(string className, CancellationToken cancellationToken)
    {
        // WQL LIKE over WinRM is unconfirmed (wsman.md §7.2), so the definitions are filtered here.
        var all = await QueryAsync(className, null, cancellationToken).ConfigureAwait(false);
        return all.FirstOrDefault(s => (s.String("InstanceID") ?? "").EndsWith(@"\Default", StringComparison.OrdinalIgnoreCase))
            ?? throw new ProviderException(ProviderErrorKind.Permanent,
                $"host {host} has no Default {className}: the resource pool for this device type was not found (is the GPU driver installed?).", "GpuPartitionPoolNotFound");
    }

    /// <summary>
    /// One change, safe to repeat: an earlier attempt's job that may still run is waited for first,
    /// nothing is sent when <paramref name="done"/> already holds, and a failure whose outcome is in
    /// doubt (a job timeout, a lost reply, a timeout) re-reads <paramref name="done"/> before it is
    /// reported.
    /// </summary>
    public async Task ChangeAsync(string key, string doing, Func<CancellationToken, Task<bool>> done, Func<Action<EndpointReference>, CancellationToken, Task> send, CancellationToken cancellationToken)
    {
        if (_pending.TryGetValue(key, out var earlier))
        {
            HyperVLog.AwaitingEarlierJob(logger, host, earlier.Selector("InstanceID") ?? "?", doing);
            try
            {
                await runner.WaitAsync(earlier, doing, cancellationToken).ConfigureAwait(false);
                _pending.TryRemove(key, out _);
            }
            catch (ProviderException ex) when (ex.Code != MethodRunner.JobTimeoutCode)
            {
                // The earlier job ended in failure: that is this change's outcome so far; the
                // check below decides whether to send it again.
                _pending.TryRemove(key, out _);
                HyperVLog.EarlierJobFailed(logger, host, doing, ex.Message);
            }
        }

        if (await done(cancellationToken).ConfigureAwait(false))
        {
            HyperVLog.AlreadyDone(logger, host, doing);
            Settled(key);
            return;
        }

        try
        {
            _attempted[key] = 0;
            await send(job => _pending[key] = job, cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.IsTransient)
        {
            // In doubt: the host may have done it (a reply lost on the way back, a job that ran
            // past the job timeout). Report success if the postcondition holds now.
            if (ex.Code != MethodRunner.JobTimeoutCode)
            {
                _pending.TryRemove(key, out _);
            }

            if (await DoneAfterDoubtAsync(done, cancellationToken).ConfigureAwait(false))
            {
                HyperVLog.InDoubtButDone(logger, host, doing, ex.Message);
                Settled(key);
                return;
            }

            throw;
        }
        catch (ProviderException)
        {
            // Refused for good: nothing of this attempt is left to wait for or to take as done.
            Settled(key);
            throw;
        }

        Settled(key);
    }

    /// <summary>The count a counted change started from: the first attempt's, while an attempt's outcome is in doubt.</summary>
    public int Baseline(string key, int current) => _baselines.GetOrAdd(key, current);

    /// <summary>Whether an attempt of this change was sent and its outcome is not known.</summary>
    public bool Attempted(string key) => _attempted.ContainsKey(key);

    private void Settled(string key)
    {
        _attempted.TryRemove(key, out _);
        _pending.TryRemove(key, out _);
        _baselines.TryRemove(key, out _);
    }

    private static async Task<bool> DoneAfterDoubtAsync(Func<CancellationToken, Task<bool>> done, CancellationToken cancellationToken)
    {
        try
        {
            return await done(cancellationToken).ConfigureAwait(false);
        }
        catch (ProviderException)
        {
            // The re-read failed too: the original error is the one to report.
            return false;
        }
    }

    public Task<CimInstance> RunAsync(string className, IReadOnlyList<KeyValuePair<string, string>> selectors, string method, IEnumerable<InvokeParameter> parameters, string doing, CancellationToken cancellationToken, Action<EndpointReference>? jobStarted = null) =>
        runner.RunAsync(CimClasses.Uri(className), selectors, method, parameters, doing, cancellationToken, jobStarted);

    public Task<CimInstance> ManageAsync(string method, IEnumerable<InvokeParameter> parameters, string doing, CancellationToken cancellationToken, Action<EndpointReference>? jobStarted = null) =>
        RunAsync(CimClasses.ManagementService, CimClasses.ServiceSelectors(CimClasses.ManagementService), method, parameters, doing, cancellationToken, jobStarted);

    public static EndpointReference SettingsReference(string className, string instanceId) =>
        new(CimClasses.Uri(className), [new("InstanceID", instanceId)]);
}
