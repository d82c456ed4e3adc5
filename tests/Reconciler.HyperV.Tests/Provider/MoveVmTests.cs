using Reconciler.HyperV.Fake;

namespace Reconciler.HyperV.Tests.Provider;

/// <summary>The offline move of a VM's cluster role, as Hyper-V and the failover cluster split what they know.</summary>
public class MoveVmTests
{
    private const string Gpu = "PCIROOT(0)#PCI(0100)#PCI(0000)";

    private const string TwoNodes = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 2 }
              vms:
                - { name: desk, state: Off, offlineAction: forceShutdown }
            - name: hv-02
              gpus:
                - { model: NVIDIA A16, locationPath: "{{Gpu}}", mode: partitioned, partitionCount: 2 }
        """;

    [Fact]
    public async Task MoveVm_RoleAndResourceRenamedByAnAdmin_FindsTheRoleThroughTheVmsIdOnItsOwnNode()
    {
        // Neither name follows a convention any more: only the resource's VmID, matched against
        // the VM as its own node (hv-01) registers it, leads to the role. The target node (hv-02)
        // does not know the VM at all until the move.
        var options = new FakeOptions();
        options.ClusterResourceNames["desk"] = "SCVMM desk Resource";
        options.ClusterGroupNames["desk"] = "Design studio desk";
        await using var cluster = await FakeCluster.StartAsync(TwoNodes, options);

        await cluster.Provider.MoveVmAsync("desk", "hv-01", "hv-02", CancellationToken.None);

        Assert.Equal("hv-02", (await cluster.Provider.ObserveAsync(CancellationToken.None)).Vm("desk")!.Host);
    }
}
