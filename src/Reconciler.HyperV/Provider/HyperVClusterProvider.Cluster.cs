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
        await session.RunAsync(CimClasses.PoolService, CimClasses.ServiceSelectors(CimClasses.PoolService), "CreatePool",
            [InvokeParameter.Embedded("PoolSettings", settings), .. ParentPools(pools)],
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
        var allocation = new CimXmlInstance(CimClasses.PciExpressSettings,
        [
            new CimXmlProperty("ResourceType", "uint16", [CimClasses.PciExpressResourceType.ToString(CultureInfo.InvariantCulture)]),
            new CimXmlProperty("ResourceSubType", "string", [CimClasses.PciExpressSubType]),
            new CimXmlProperty("HostResource", "string", next.Select(g => g.PciPath(host)).ToList(), IsArray: true),
        ]);
        await session.RunAsync(CimClasses.PoolService, CimClasses.ServiceSelectors(CimClasses.PoolService), "ModifyPoolResources",
            [
                InvokeParameter.Reference("ChildPool", HostSession.SettingsReference(CimClasses.ResourcePool, target.String("InstanceID")!)),
                .. ParentPools(pools),
                InvokeParameter.Embedded("AllocationSettings", allocation),
            ],
            $"{(add ? "adding" : "removing")} GPU {gpuLocationPath} {(add ? "to" : "from")} pool {pool}", cancellationToken).ConfigureAwait(false);
    }

    private static Task<IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance>> PciPoolsAsync(HostSession session, CancellationToken cancellationToken) =>
        session.QueryAsync(CimClasses.ResourcePool, $"ResourceType = {CimClasses.PciExpressResourceType}", cancellationToken);

    private static IEnumerable<InvokeParameter> ParentPools(IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance> pools) =>
        pools.Where(p => p.Bool("Primordial") == true)
            .Select(p => InvokeParameter.Reference("ParentPools", HostSession.SettingsReference(CimClasses.ResourcePool, p.String("InstanceID")!)))
            .Take(1);

    public async Task SetOfflineActionAsync(string vm, OfflineAction action, CancellationToken cancellationToken)
    {
        var session = _sessions[_hostOrder[0]];
        var resource = VmResourcePrefix + vm;
        HyperVLog.Calling(_logger, session.Host, "Put", $"{CimClasses.ClusterResource} '{resource}' OfflineAction = {(int)action}");
        try
        {
            await session.Client.PutAsync(WsManNames.Cluster, CimClasses.ClusterResource, [new("Name", resource)],
                [new("Name", resource), new("PrivateProperties.OfflineAction", ((int)action).ToString(CultureInfo.InvariantCulture))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            var hint = ex.IsNotFound ? " (is this host in a failover cluster, and is the VM clustered?)" : "";
            throw ex.ToProviderException(session.Host, $"setting the OfflineAction of cluster resource '{resource}'{hint}");
        }
    }

    /// <summary>
    /// The OfflineAction of every clustered VM, by VM name; null when the first host has no
    /// reachable failover cluster namespace (standalone hosts). A transient failure still fails.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, OfflineAction?>?> OfflineActionsAsync(CancellationToken cancellationToken)
    {
        var session = _sessions[_hostOrder[0]];
        IReadOnlyList<Reconciler.HyperV.WsMan.CimInstance> resources;
        try
        {
            resources = await session.QueryAsync(CimClasses.ClusterResource, "Type = 'Virtual Machine'", cancellationToken, WsManNames.Cluster).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Permanent)
        {
            HyperVLog.NoClusterNamespace(_logger, session.Host, ex.Message);
            return null;
        }

        var actions = new Dictionary<string, OfflineAction?>(StringComparer.OrdinalIgnoreCase);
        foreach (var resource in resources)
        {
            var name = resource.String("Name") ?? "";
            if (name.StartsWith(VmResourcePrefix, StringComparison.OrdinalIgnoreCase))
            {
                actions[name[VmResourcePrefix.Length..]] = resource.Int("PrivateProperties.OfflineAction") is { } value && Enum.IsDefined((OfflineAction)value) ? (OfflineAction)value : null;
            }
        }

        return actions;
    }
}
