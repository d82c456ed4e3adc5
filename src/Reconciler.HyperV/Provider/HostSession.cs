using Microsoft.Extensions.Logging;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;

namespace Reconciler.HyperV.Provider;

/// <summary>One host's WS-Management client and method runner, with the queries operations share.</summary>
internal sealed class HostSession(string host, MethodRunner runner, TimeProvider time, ILogger logger)
{
    public string Host => host;

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
        var partitionables = await QueryAsync(CimClasses.PartitionableGpu, null, cancellationToken).ConfigureAwait(false);
        var pcis = await QueryAsync(CimClasses.PciExpress, null, cancellationToken).ConfigureAwait(false);
        return HostGpu.Join(host, partitionables, pcis, catalog, logger);
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

    public Task<CimInstance> RunAsync(string className, IReadOnlyList<KeyValuePair<string, string>> selectors, string method, IEnumerable<InvokeParameter> parameters, string doing, CancellationToken cancellationToken) =>
        runner.RunAsync(CimClasses.Uri(className), selectors, method, parameters, doing, cancellationToken);

    public Task<CimInstance> ManageAsync(string method, IEnumerable<InvokeParameter> parameters, string doing, CancellationToken cancellationToken) =>
        RunAsync(CimClasses.ManagementService, CimClasses.ServiceSelectors(CimClasses.ManagementService), method, parameters, doing, cancellationToken);

    public static EndpointReference SettingsReference(string className, string instanceId) =>
        new(CimClasses.Uri(className), [new("InstanceID", instanceId)]);
}
