using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// The offline move of a VM's cluster role. A clustered VM's role is the resource group named
/// after the VM; MSCluster_ResourceGroup.MoveToNewNode(NodeName, TimeOut) moves it and its
/// resources to the node (class reference:
/// https://learn.microsoft.com/previous-versions/windows/desktop/cluswmi/mscluster-resourcegroup-movetonewnode;
/// Move-ClusterGroup is the cmdlet over the same call). The group is the one that owns the VM's
/// resource (MSCluster_Resource.OwnerGroup,
/// https://learn.microsoft.com/previous-versions/windows/desktop/cluswmi/mscluster-resource). The method returns no value: a refusal
/// comes back as a WMI fault. GPU VMs cannot live-migrate (seed 003, hyperv-gpu.md §4.3), so the
/// planner only moves a VM that is off, and the cluster moves an offline role without starting it.
/// </summary>
public sealed partial class HyperVClusterProvider
{
    private const string ResourceGroupClass = "MSCluster_ResourceGroup";

    /// <summary>How long the cluster may take to move an offline role, in seconds (the method's TimeOut).</summary>
    private const int MoveTimeoutSeconds = 120;

    public async Task MoveVmAsync(string vm, string fromHost, string toHost, CancellationToken cancellationToken)
    {
        // Any node answers for the whole cluster; ask the target, which is up (the source may be in trouble).
        var session = _sessions.TryGetValue(toHost, out var target) ? target : Session(fromHost);
        var group = await GroupOfAsync(vm, _sessions.GetValueOrDefault(fromHost) ?? session, session, cancellationToken).ConfigureAwait(false);
        var doing = $"moving cluster group '{group}' (VM {vm}) from {fromHost} to {toHost}";
        HyperVLog.Calling(_logger, session.Host, "MoveToNewNode", doing);
        try
        {
            await session.Client.InvokeAsync(WsManNames.ClassUri(WsManNames.Cluster, ResourceGroupClass), [new("Name", group)], "MoveToNewNode",
                [InvokeParameter.Simple("NodeName", toHost), InvokeParameter.Simple("TimeOut", MoveTimeoutSeconds.ToString(CultureInfo.InvariantCulture))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            var hint = ex.IsNotFound ? " (is the VM clustered?)" : "";
            throw ex.ToProviderException(session.Host, doing + hint);
        }
    }

    /// <summary>
    /// The cluster group that holds the VM's "Virtual Machine" resource (MSCluster_Resource.OwnerGroup),
    /// found by the VM's ID as SetOfflineAction finds the resource; the group named after the VM, as
    /// Add-ClusterVirtualMachineRole names it, when the resource does not say. The ID comes from the
    /// VM's own node (<paramref name="owner"/>): Hyper-V registers a VM on the node that owns it only,
    /// while the cluster's resources answer from any node (<paramref name="cluster"/>).
    /// </summary>
    private static async Task<string> GroupOfAsync(string vm, HostSession owner, HostSession cluster, CancellationToken cancellationToken)
    {
        var fromHost = owner.Host;
        var systems = await owner.QueryAsync(CimClasses.ComputerSystem, $"ElementName = {CimClasses.Literal(vm)}", cancellationToken).ConfigureAwait(false);
        var ids = systems.Where(HostSession.IsVirtualMachine).Select(s => s.String("Name")).OfType<string>().ToList();
        IReadOnlyList<CimInstance> resources;
        try
        {
            resources = await cluster.QueryAsync(CimClasses.ClusterResource, VmResourceFilter, cancellationToken, WsManNames.Cluster).ConfigureAwait(false);
        }
        catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Permanent)
        {
            throw new ProviderException(ProviderErrorKind.Permanent, $"{ex.Message} (VM {vm} on {fromHost} cannot be moved: is this a failover cluster?)", ex.Code, ex);
        }

        var resource = resources.FirstOrDefault(r => ids.Contains(r.String("PrivateProperties.VmID") ?? "", StringComparer.OrdinalIgnoreCase))
            ?? resources.FirstOrDefault(r => string.Equals(r.String("Name"), VmResourcePrefix + vm, StringComparison.OrdinalIgnoreCase));
        return resource?.String("OwnerGroup") is { Length: > 0 } group ? group : vm;
    }
}
