using System.Globalization;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Simulation.State;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The failover cluster's nodes (root/MSCluster MSCluster_Node) with their State, the
/// CLUSTER_NODE_STATE values 0 up, 1 down, 2 paused
/// (https://learn.microsoft.com/windows/win32/api/clusapi/ne-clusapi-cluster_node_state); and a
/// down node, which answers nothing: its WinRM listener is gone, so a call times out.
/// </summary>
public static class FakeClusterNodes
{
    public const string ClassName = "MSCluster_Node";

    public static IEnumerable<FakeInstance> Nodes(SimState state) =>
        state.Hosts.Select(h => new FakeInstance(WsManNames.Cluster, ClassName)
            .With("Name", h.Name)
            .With("State", (h.State switch { HostState.Down => 1, HostState.Paused => 2, _ => 0 }).ToString(CultureInfo.InvariantCulture)));

    public static bool IsDown(SimState state, string host) => state.Host(host) is { State: HostState.Down };

    /// <summary>What the caller of a down node sees: the operation times out (transient).</summary>
    public static FakeReply Unreachable(FakeCall call) =>
        call.Fault("s:Receiver", "w:TimedOut", FaultCodes.TimedOut, $"The WS-Management service cannot complete the operation within the time specified in OperationTimeout: node {call.Host} is down.");
}
