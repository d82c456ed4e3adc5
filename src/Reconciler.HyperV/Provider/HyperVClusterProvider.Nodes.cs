using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// Node state from the failover cluster: MSCluster_Node.State in root/MSCluster, the
/// CLUSTER_NODE_STATE values 0 up, 1 down, 2 paused, 3 joining
/// (https://learn.microsoft.com/windows/win32/api/clusapi/ne-clusapi-cluster_node_state). A down
/// node is not asked anything: it is reported Down with no GPUs or VMs, and the rest of the
/// cluster is observed as usual, so one failed node does not fail the whole observation.
/// </summary>
public sealed partial class HyperVClusterProvider
{
    private const string NodeClass = "MSCluster_Node";

    /// <summary>
    /// Every node's state by name, asked of the first host that answers (the first may be the one
    /// that is down), and that host; null states on standalone hosts (no cluster namespace).
    /// </summary>
    private async Task<(IReadOnlyDictionary<string, HostState>? States, string Host)> NodeStatesAsync(CancellationToken cancellationToken)
    {
        ProviderException? last = null;
        foreach (var host in _hostOrder)
        {
            try
            {
                var nodes = await _sessions[host].QueryAsync(NodeClass, null, cancellationToken, WsMan.WsManNames.Cluster).ConfigureAwait(false);
                var states = new Dictionary<string, HostState>(StringComparer.OrdinalIgnoreCase);
                foreach (var node in nodes)
                {
                    states[node.String("Name") ?? ""] = node.Int("State") switch
                    {
                        1 or 3 => HostState.Down, // down, or joining: not yet able to answer or take roles
                        2 => HostState.Paused,
                        _ => HostState.Up,
                    };
                }

                return (states, host);
            }
            catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.Permanent)
            {
                HyperVLog.NoClusterNamespace(_logger, host, ex.Message);
                return (null, host);
            }
            catch (ProviderException ex) when (ex.IsTransient)
            {
                last = ex; // this node may be the one that is down: ask the next
            }
        }

        throw last ?? new ProviderException(ProviderErrorKind.Transient, $"no host of cluster {_cluster} answered", "Unreachable");
    }

    private static HostState StateOf(IReadOnlyDictionary<string, HostState>? states, string host) =>
        states is not null && states.TryGetValue(host, out var state) ? state : HostState.Up;

    private static ObservedHost DownHost(string host) =>
        new(host, ValueList<ObservedGpu>.Empty, ValueList<ObservedVm>.Empty, null, HostState.Down);
}
