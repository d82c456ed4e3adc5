using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Providers;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// The offline move of a VM's cluster role. A clustered VM's role is the resource group named
/// after the VM; MSCluster_ResourceGroup.MoveToNewNode(NodeName, TimeOut) moves it and its
/// resources to the node (class reference:
/// https://learn.microsoft.com/previous-versions/windows/desktop/cluswmi/mscluster-resourcegroup-movetonewnode;
/// Move-ClusterGroup is the cmdlet over the same call). The method returns no value: a refusal
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
        // Any node answers for the whole cluster; the source node may be the one that is in trouble.
        var session = _sessions.TryGetValue(toHost, out var target) ? target : Session(fromHost);
        var doing = $"moving the cluster role of VM {vm} from {fromHost} to {toHost}";
        HyperVLog.Calling(_logger, session.Host, "MoveToNewNode", doing);
        try
        {
            await session.Client.InvokeAsync(WsManNames.ClassUri(WsManNames.Cluster, ResourceGroupClass), [new("Name", vm)], "MoveToNewNode",
                [InvokeParameter.Simple("NodeName", toHost), InvokeParameter.Simple("TimeOut", MoveTimeoutSeconds.ToString(CultureInfo.InvariantCulture))],
                cancellationToken).ConfigureAwait(false);
        }
        catch (WsManException ex)
        {
            var hint = ex.IsNotFound ? " (is the VM clustered? its role is the cluster group named after it)" : "";
            throw ex.ToProviderException(session.Host, doing + hint);
        }
    }
}
