namespace Reconciler.Tests.Planning;

/// <summary>A VM the spec lists that runs on another node than its host (after a failover).</summary>
public sealed class FailedOverVmTests
{
    private const string G = "PCIROOT(0)#PCI(0100)#PCI(0000)";

    [Fact]
    public void Plan_ListedVmOnAnotherNodeHoldingAChangingGpu_MovesBackSoTheGpuCanChange()
    {
        using var s = new Scenario(
            $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 4 } ]
                - name: hv-02
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 2 } ]
                  vms: [ { name: vdi-01, state: Running, gpuPartition: {}, offlineAction: forceShutdown } ]
            """,
            """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - { name: hv-01, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
                - { name: hv-02, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
              vms:
                - { name: vdi-01, host: hv-01, gpu: { partition: {} } }
            """);

        var plan = s.Plan();

        Assert.DoesNotContain(plan.Blocked, b => b.Message.Contains("not in the spec", StringComparison.Ordinal));
        Assert.Empty(plan.Blocked);
        Assert.Equal("moves back to hv-01 in this plan", Assert.Single(plan.FailedOver).Failback);
        Assert.Contains(plan.Operations, o => o.Kind == Drift.OperationKind.SetPartitionCount && o.Host == "hv-02");
    }

    [Fact]
    public void Plan_FailedOverVmThatStaysHoldingAChangingGpu_BlocksTheGpuSayingWhy()
    {
        using var s = new Scenario(
            $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 4 } ]
                - name: hv-02
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 2 } ]
                  vms: [ { name: vdi-01, state: Running, gpuPartition: {}, offlineAction: forceShutdown } ]
            """,
            """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              policy: { failback: never }
              hosts:
                - { name: hv-01, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
                - { name: hv-02, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
              vms:
                - { name: vdi-01, host: hv-01, gpu: { partition: {} } }
            """);

        var plan = s.Plan();

        Assert.DoesNotContain(plan.Blocked, b => b.Message.Contains("not in the spec", StringComparison.Ordinal));
        Assert.Contains("away from its preferred owner hv-01 and stays where it is (policy.failback: never); the GPU waits for it",
            Assert.Single(plan.Blocked, b => b.Object.StartsWith("host/hv-02/gpu/", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Operations, o => o.Vm == "vdi-01");
    }
}
