using Reconciler.Drift;

namespace Reconciler.Tests.Planning;

/// <summary>
/// A VM the spec pins to a GPU gets a partition there only if one is left once the plan's own
/// removals are counted (the bug CsCheck found, seed 62ZFEw0g5Bc3: the plan gave the partition
/// anyway and the VM could not start). Otherwise it is a blocked item that names who holds them.
/// </summary>
public sealed class PinnedCapacityTests
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private const string G2 = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    private static string World(string vms) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA L4, locationPath: "{{G1}}", mode: partitioned, partitionCount: 1 }
                - { model: NVIDIA L4, locationPath: "{{G2}}", mode: partitioned, partitionCount: 2 }
              vms:
        {{vms}}
        """;

    private static string Spec(string vms, string prune = "false") => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          policy: { maxUnavailable: "100%", prune: {{prune}} }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA L4, locationPath: "{{G1}}", partitionCount: 1 }
                - { model: NVIDIA L4, locationPath: "{{G2}}", partitionCount: 2 }
          vms:
        {{vms}}
        """;

    [Fact]
    public async Task Plan_PinnedToAGpuHeldOutsideTheSpec_IsBlockedNamingTheHolderAndTheRestApplies()
    {
        using var s = new Scenario(
            World($$"""
                    - { name: outsider, state: Running, gpuPartition: { gpu: "{{G1}}" } }
                    - { name: vdi-01, state: Running }
                    - { name: vdi-02, state: Off }
            """),
            Spec($$"""
                - { name: vdi-01, host: hv-01, gpu: { partition: { gpu: "{{G1}}" } } }
                - { name: vdi-02, host: hv-01, gpu: { partition: {} } }
            """));

        var plan = s.Plan();
        await s.ApplyAsync(plan); // would throw if a start found no partition

        var blocked = Assert.Single(plan.Blocked);
        Assert.Equal(("vm/vdi-01", BlockReason.Capacity), (blocked.Object, blocked.Reason));
        Assert.Contains($"GPU {G1} on host hv-01 has no partition left for VM vdi-01, which the spec pins to it: its 1 partition(s) are held by outsider (not in the spec)", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Operations, o => o.Vm == "vdi-01");
        Assert.Equal(G2, s.Observe().Vm("vdi-02")!.Partition!.GpuLocationPath);
    }

    [Fact]
    public void Plan_PinnedToAGpuAnotherListedVmKeeps_IsBlocked()
    {
        // vdi-02 may use any GPU and already holds G1's only partition; vdi-01 is pinned to G1.
        using var s = new Scenario(
            World($$"""
                    - { name: vdi-01, state: Running }
                    - { name: vdi-02, state: Off, gpuPartition: { gpu: "{{G1}}" } }
            """),
            Spec($$"""
                - { name: vdi-01, host: hv-01, gpu: { partition: { gpu: "{{G1}}" } }, power: running }
                - { name: vdi-02, host: hv-01, gpu: { partition: {} }, power: running }
            """, prune: "true"));

        var plan = s.Plan();

        Assert.Contains("held by vdi-02", Assert.Single(plan.Blocked, b => b.Object == "vm/vdi-01").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Operations, o => o.Kind == OperationKind.AddPartitionAdapter && o.Vm == "vdi-01");
    }

    [Fact]
    public async Task Plan_PinnedToAGpuWhoseHolderLeavesItInThisPlan_GetsThePartition()
    {
        // vdi-02's adapter on G1 is replaced (the spec pins it to G2), so G1's partition is free for vdi-01,
        // although vdi-01 comes first in name order: no false capacity block.
        using var s = new Scenario(
            World($$"""
                    - { name: vdi-01, state: Off }
                    - { name: vdi-02, state: Running, gpuPartition: { gpu: "{{G1}}" } }
            """),
            Spec($$"""
                - { name: vdi-01, host: hv-01, gpu: { partition: { gpu: "{{G1}}" } }, power: running }
                - { name: vdi-02, host: hv-01, gpu: { partition: { gpu: "{{G2}}" } } }
            """));

        await s.ConvergeAsync();

        var observed = s.Observe();
        Assert.Equal((G1, G2), (observed.Vm("vdi-01")!.Partition!.GpuLocationPath, observed.Vm("vdi-02")!.Partition!.GpuLocationPath));
        Assert.Equal(["vdi-02"], s.Stopped);
    }

    [Fact]
    public async Task Plan_PinnedToAGpuAPrunedVmHolds_GetsThePartitionAfterThePrune()
    {
        using var s = new Scenario(
            World($$"""
                    - { name: outsider, state: Off, gpuPartition: { gpu: "{{G1}}" } }
                    - { name: vdi-01, state: Off }
            """),
            Spec($$"""
                - { name: vdi-01, host: hv-01, gpu: { partition: { gpu: "{{G1}}" } }, power: running }
            """, prune: "true"));

        await s.ConvergeAsync();

        Assert.Equal(G1, s.Observe().Vm("vdi-01")!.Partition!.GpuLocationPath);
        Assert.Null(s.Observe().Vm("outsider")!.Partition);
    }

    [Fact]
    public async Task Plan_StartOnAKeptPinWhileAVmThatLeavesTheGpuRunsOnIt_StartsAfterTheRemoval()
    {
        // CsCheck seed 8iySzvF0Kfb1: vdi-13 is off, pinned to G1 (one partition); vdi-14 runs on G1
        // unpinned and the spec pins it to G2. vdi-13's start must wait for vdi-14 to let go of G1.
        using var s = new Scenario(
            World($$"""
                    - { name: vdi-13, state: Off, gpuPartition: { gpu: "{{G1}}" } }
                    - { name: vdi-14, state: Running, gpuPartition: {} }
            """),
            Spec($$"""
                - { name: vdi-13, host: hv-01, gpu: { partition: {} }, power: running }
                - { name: vdi-14, host: hv-01, gpu: { partition: { gpu: "{{G2}}" } }, power: running }
            """));
        Assert.Equal(G1, s.Observe().Vm("vdi-14")!.Partition!.GpuLocationPath); // the precondition: it runs on G1 now

        var plan = await s.ConvergeAsync(); // would throw if vdi-13 started while vdi-14 held G1

        var start = plan.Operations.Single(o => o.Kind == OperationKind.StartVm && o.Vm == "vdi-13");
        var removal = plan.Operations.Single(o => o.Kind == OperationKind.RemovePartitionAdapter && o.Vm == "vdi-14");
        Assert.Contains(removal.Id, start.DependsOn);
        Assert.Equal(["vdi-14"], s.Stopped);
    }
}
