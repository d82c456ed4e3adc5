using System.Globalization;
using System.Xml.Linq;
using Reconciler.Providers;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// The failover cluster's resource groups (root/MSCluster MSCluster_ResourceGroup): a VM's role is
/// the group named after the VM (Add-ClusterVirtualMachineRole names it so) unless an admin renamed
/// the role (<see cref="FakeOptions.ClusterGroupNames"/>). MoveToNewNode moves it.
/// </summary>
/// <remarks>
/// Shape from the class reference: void MoveToNewNode([in] string NodeName, [in] uint32 TimeOut)
/// (https://learn.microsoft.com/previous-versions/windows/desktop/cluswmi/mscluster-resourcegroup-movetonewnode).
/// The method returns no value, so the output carries no ReturnValue; a refusal is a WMI fault
/// (WBEM_E_FAILED with the cluster's message), as for other MSCluster calls. The rules are the
/// simulator's (<see cref="SimFailover.MoveVm"/>): the VM must be off (GPU VMs cannot live-migrate).
/// </remarks>
public static class FakeClusterGroups
{
    public const string ClassName = "MSCluster_ResourceGroup";

    public static FakeReply MoveToNewNode(FakeCall call, SimState state, StateStore store, IReadOnlyDictionary<string, string> groupNames)
    {
        XNamespace p = call.ResourceUri;
        var node = call.Body?.Element(p + "NodeName")?.Value.Trim();
        if (call.Body?.Name != p + "MoveToNewNode_INPUT" || string.IsNullOrEmpty(node)
            || !uint.TryParse(call.Body.Element(p + "TimeOut")?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return call.Fault("s:Sender", "w:SchemaValidationError", Reconciler.HyperV.WsMan.FaultCodes.SchemaValidation,
                "The SOAP XML in the message does not match the corresponding XML schema definition: MoveToNewNode_INPUT needs NodeName and a uint32 TimeOut.");
        }

        var group = call.Selector("Name") ?? "";
        var vm = groupNames.FirstOrDefault(g => string.Equals(g.Value, group, StringComparison.OrdinalIgnoreCase)).Key
            ?? (groupNames.ContainsKey(group) ? null : group); // a renamed role is no longer found by the VM's name
        var owner = vm is null ? null : state.Hosts.FirstOrDefault(h => h.Vm(vm) is not null);
        if (owner is null)
        {
            return call.NotFound();
        }

        try
        {
            SimFailover.MoveVm(state, vm!, owner.Name, node);
        }
        catch (ProviderException error)
        {
            return FakeDispatcher.ProviderFault(call, error);
        }

        store.Save(state);
        return FakeSoap.Ok($"{call.ResourceUri}/MoveToNewNodeResponse", call.MessageId,
            new XElement(p + "MoveToNewNode_OUTPUT", new XAttribute(XNamespace.Xmlns + "p", p)));
    }

    public static bool Handles(FakeCall call, string action) =>
        call.Namespace == Cluster && call.ClassName.Equals(ClassName, StringComparison.OrdinalIgnoreCase)
        && action.Equals(call.ResourceUri + "/MoveToNewNode", StringComparison.Ordinal);
}
