using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// What belongs to the cluster rather than one VM: PCI Express resource pools (the Windows Server
/// 2025 GPU pools, one per node with the same name) and the OfflineAction of each VM's cluster
/// resource, read and written through the failover cluster namespace root/MSCluster.
/// </summary>
public sealed partial class HyperVClusterProvider
{
    private const string VmResourcePrefix = "Virtual Machine ";

    public async Task CreatePoolAsync(string host, string pool, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var pools = await PciPoolsAsync(session, cancellationToken).ConfigureAwait(false);
        if (pools.Any(p => string.Equals(p.String("PoolID"), pool, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var settings = CimClasses.Instance(CimClasses.PoolSettings,
            ("PoolID", pool),
            ("ElementName", pool),
            ("ResourceType", CimClasses.PciExpressResourceType.ToString(CultureInfo.InvariantCulture)),
            ("ResourceSubType", CimClasses.PciExpressSubType));

        // CreatePool(PoolSettings, ParentPools[], AllocationSettings[]) as the module's
        // ResourcePoolConfigurationServiceView calls it: the allocation is cloned from the PCI
        // Express Default template (the primordial pool's default capability), holding no device yet.
        var allocation = await AllocationAsync(session, [], cancellationToken).ConfigureAwait(false);
        await session.RunAsync(CimClasses.PoolService, CimClasses.ServiceSelectors(CimClasses.PoolService), "CreatePool",
            [InvokeParameter.Embedded("PoolSettings", settings), .. ParentPools(pools), InvokeParameter.Embedded("AllocationSettings", allocation)],
            $"creating GPU pool {pool}", cancellationToken).ConfigureAwait(false);
    }

    public Task AddGpuToPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangePoolAsync(host, pool, gpuLocationPath, add: true, cancellationToken);

    public Task RemoveGpuFromPoolAsync(string host, string pool, string gpuLocationPath, CancellationToken cancellationToken) =>
        ChangePoolAsync(host, pool, gpuLocationPath, add: false, cancellationToken);

    /// <summary>ModifyPoolResources with the pool's whole new member list (its allocation settings' HostResource).</summary>
    private async Task ChangePoolAsync(string host, string pool, string gpuLocationPath, bool add, CancellationToken cancellationToken)
    {
        var session = Session(host);
        var pools = await PciPoolsAsync(session, cancellationToken).ConfigureAwait(false);
        var target = pools.FirstOrDefault(p => p.Bool("Primordial") != true && string.Equals(p.String("PoolID"), pool, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProviderException(ProviderErrorKind.Permanent, $"GPU pool {pool} does not exist on host {host}; create it first.", "ObjectNotFound");
        var gpus = await session.GpusAsync(_catalog, cancellationToken).ConfigureAwait(false);
        var gpu = gpus.FirstOrDefault(g => string.Equals(g.LocationPath, gpuLocationPath, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProviderException(ProviderErrorKind.Permanent, $"host {host} has no GPU at location path {gpuLocationPath}.", "ObjectNotFound");
        var allocations = await session.QueryAsync(CimClasses.PoolAllocation, null, cancellationToken).ConfigureAwait(false);
        var members = allocations
            .Where(a => string.Equals(a.Reference("Antecedent")?.Selector("InstanceID"), target.String("InstanceID"), StringComparison.OrdinalIgnoreCase))
            .Select(a => gpus.FirstOrDefault(g => g.HasPciDevice(a.Reference("Dependent")?.Selector("DeviceID"))))
            .OfType<HostGpu>()
            .ToList();
        var isMember = members.Contains(gpu);
        if (add == isMember)
        {
            if (add)
            {
                return;
            }

            throw new ProviderException(ProviderErrorKind.Permanent, $"GPU {gpuLocationPath} on host {host} is not in pool {pool}.", "ObjectNotFound");
        }

        var next = add ? [.. members, gpu] : members.Where(m => m != gpu).ToList();
        var allocation = await AllocationAsync(session, next.Select(g => g.PciPath(host)).ToArray(), cancellationToken).ConfigureAwait(false);
        await session.RunAsync(CimClasses.PoolService, CimClasses.ServiceSelectors(CimClasses.PoolService), "ModifyPoolResources",
            [
                InvokeParameter.Reference("ChildPool", HostSession.SettingsReference(CimClasses.ResourcePool, target.String("InstanceID")!)),
                .. ParentPools(pools),
                InvokeParameter.Embedded("AllocationSettings", allocation),
            ],
            $"{(add ? "adding" : "removing")} GPU {gpuLocationPath} {(add ? "to" : "from")} pool {pool}", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A pool's allocation settings: the Default Msvm_PciExpressSettingData (the template the
    /// module takes from the primordial pool's default capability) with HostResource the members.
    /// </summary>
    private static async Task<CimXmlInstance> AllocationAsync(HostSession session, string[] members, CancellationToken cancellationToken)
    {
        var template = await session.DefaultSettingsAsync(CimClasses.PciExpressSettings, cancellationToken).ConfigureAwait(false);
        return CimClasses.Clone(template, CimClasses.PciExpressSettings, new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase) { ["HostResource"] = members });
    }

    private static Task<IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance>> PciPoolsAsync(HostSession session, CancellationToken cancellationToken) =>
        session.QueryAsync(CimClasses.ResourcePool, $"ResourceType = {CimClasses.PciExpressResourceType}", cancellationToken);

    private static IEnumerable<InvokeParameter> ParentPools(IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance> pools) =>
        pools.Where(p => p.Bool("Primordial") == true)
            .Select(p => InvokeParameter.Reference("ParentPools", HostSession.SettingsReference(CimClasses.ResourcePool, p.String("InstanceID")!)))
            .Take(1);

    /// <summary>
    /// OfflineAction is a private property of the "Virtual Machine" resource type (MS
    /// previous-versions mscs virtual-machines-offlineaction), held in MSCluster_Resource's
    /// PrivateProperties, an embedded object that is written back whole: the resource as read,
    /// with OfflineAction changed, as the module's MSClusterResourceView does (read PrivateProperties,
    /// set one value, SetProperty of the whole object, Put). The resource is the one whose
    /// PrivateProperties.VmID is the VM's ID, so a renamed resource is still found.
    /// </summary>
    public async Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken cancellationToken)
    {
        var session = _sessions[_hostOrder[0]];
        var ids = await VmIdsAsync(vm, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance> resources;
        try
        {
            resources = await session.QueryAsync(CimClasses.ClusterResource, VmResourceFilter, cancellationToken, WsManNames.Cluster).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Permanent)
        {
            throw new ProviderException(ProviderErrorKind.Permanent, $"{ex.Message} (is this host in a failover cluster, and is the VM clustered?)", ex.Code, ex);
        }

        var resource = resources.FirstOrDefault(r => ids.Contains(r.String("PrivateProperties.VmID") ?? "", StringComparer.OrdinalIgnoreCase))
            ?? resources.FirstOrDefault(r => string.Equals(r.String("Name"), VmResourcePrefix + vm, StringComparison.OrdinalIgnoreCase))
            ?? throw new ProviderException(ProviderErrorKind.Permanent,
                $"host {session.Host}: no cluster resource of type Virtual Machine belongs to VM {vm} (is this host in a failover cluster, and is the VM clustered?)", "ObjectNotFound");
        var name = resource.String("Name")!;
        HyperVLog.Calling(_logger, session.Host, "Put", $"{CimClasses.ClusterResource} '{name}' OfflineAction = {(int)action}");
        try
        {
            await session.Client.PutAsync(WsManNames.ClassUri(WsManNames.Cluster, CimClasses.ClusterResource), [new("Name", name)],
                resource.Changed("PrivateProperties.OfflineAction", ((int)action).ToString(CultureInfo.InvariantCulture)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            var hint = ex.IsNotFound ? " (is this host in a failover cluster, and is the VM clustered?)" : "";
            throw ex.ToProviderException(session.Host, $"setting the OfflineAction of cluster resource '{name}'{hint}");
        }
    }

    private const string VmResourceFilter = "Type = 'Virtual Machine'";

    /// <summary>The IDs (Msvm_ComputerSystem.Name) of the VMs of this name on the cluster's hosts.</summary>
    private async Task<List<string>> VmIdsAsync(string vm, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        foreach (var host in _hostOrder)
        {
            var found = await _sessions[host].QueryAsync(CimClasses.ComputerSystem, $"ElementName = {CimClasses.Literal(vm)}", cancellationToken).ConfigureAwait(false);
            ids.AddRange(found.Where(HostSession.IsVirtualMachine).Select(s => s.String("Name")).OfType<string>());
        }

        return ids;
    }

    /// <summary>
    /// The OfflineAction of every clustered VM, keyed "id:&lt;VmID&gt;" (the resource's owner VM)
    /// and "name:&lt;vm&gt;" (the "Virtual Machine &lt;vm&gt;" naming convention, for resources
    /// without a VmID); null when the first host has no reachable failover cluster namespace
    /// (standalone hosts). A transient failure still fails.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, OfflineAction?>?> OfflineActionsAsync(string host, CancellationToken cancellationToken)
    {
        var session = _sessions[host];
        IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance> resources;
        try
        {
            resources = await session.QueryAsync(CimClasses.ClusterResource, VmResourceFilter, cancellationToken, WsManNames.Cluster).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Permanent)
        {
            HyperVLog.NoClusterNamespace(_logger, session.Host, ex.Message);
            return null;
        }

        var actions = new Dictionary<string, OfflineAction?>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in resources)
        {
            OfflineAction? action = resource.Int("PrivateProperties.OfflineAction") is { } value && Enum.IsDefined((OfflineAction)value) ? (OfflineAction)value : null;
            if (resource.String("PrivateProperties.VmID") is { Length: > 0 } id)
            {
                actions["id:" + id] = action;
            }

            var name = resource.String("Name") ?? "";
            if (name.StartsWith(VmResourcePrefix, StringComparison.OrdinalIgnoreCase))
            {
                actions["name:" + name[VmResourcePrefix.Length..]] = action;
            }
        }

        return actions;
    }
}
