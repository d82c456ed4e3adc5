using Reconciler.Drift;

namespace Reconciler.Tests.Planning;

/// <summary>
/// A VM the plan starts from off gets its partition at start (Hyper-V resolves it then, hyperv-gpu.md):
/// the start waits for the VM of the plan that gives a partition up, and with none it is a blocked item.
/// CsCheck seed f9dIf9bjJxt1 (RandomConvergenceTests): vm-23's start sat in wave 0 while vm-21, which
/// held the only partition of the GPU vm-23 is pinned to, gave it up in wave 1; the start failed.
/// </summary>
public sealed class StartCapacityTests
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private const string G2 = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    private static string World(string vms) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-02
              gpus:
                - { model: NVIDIA L4, locationPath: "{{G1}}", mode: partitioned, partitionCount: 1 }
                - { model: NVIDIA A16, locationPath: "{{G2}}", mode: partitioned, partitionCount: 8 }
              vms:
        {{vms}}
        """;

    private static string Spec(string vms) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          policy: { maxUnavailable: 3 }
          hosts:
            - name: hv-02
              gpus:
                - { model: NVIDIA L4, locationPath: "{{G1}}", partitionCount: 1 }
                - { model: NVIDIA A16, locationPath: "{{G2}}", partitionCount: 8 }
          vms:
        {{vms}}
        """;

    [Fact]
    public async Task Plan_StartPinnedToAGpuWhosePartitionARunningVmGivesUp_StartsAfterTheRemovalInItsWave()
    {
        // vm-21 runs on G1's only partition (unpinned) and must move to G2, powered off; vm-23 is off, pinned to G1, and must run.
        using var s = new Scenario(
            World($$"""
                    - { name: vm-21, state: Running, gpuPartition: {} }
                    - { name: vm-23, state: Off, gpuPartition: { gpu: "{{G1}}" } }
            """),
            Spec($$"""
                - { name: vm-21, host: hv-02, gpu: { partition: { gpu: "{{G2}}" } }, power: off }
                - { name: vm-23, host: hv-02, gpu: { partition: {} }, power: running }
            """));

        var plan = s.Plan();

        Assert.Empty(plan.Blocked);
        Assert.Equal(
            ["op-001 StopVm vm-21 wave 1 after []", "op-002 RemovePartitionAdapter vm-21 wave 1 after [op-001]",
             "op-003 AddPartitionAdapter vm-21 wave 1 after [op-002]", "op-004 StartVm vm-23 wave 1 after [op-002]"],
            plan.Operations.Select(o => $"{o.Id} {o.Kind} {o.Vm} wave {o.Wave} after [{string.Join(", ", o.DependsOn)}]"));
        await s.ApplyAsync(plan); // the start found no partition before the fix
        Assert.Empty(s.Plan().Operations);
    }

    [Fact]
    public async Task Plan_StartPinnedToAGpuWhosePartitionStaysTaken_IsBlockedAndTheRestApplies()
    {
        // vm-21 keeps running on G1's only partition: nothing frees one for vm-23.
        using var s = new Scenario(
            World($$"""
                    - { name: vm-21, state: Running, gpuPartition: {} }
                    - { name: vm-22, state: Off }
                    - { name: vm-23, state: Off, gpuPartition: { gpu: "{{G1}}" } }
            """),
            Spec($$"""
                - { name: vm-21, host: hv-02, gpu: { partition: {} } }
                - { name: vm-22, host: hv-02, power: running }
                - { name: vm-23, host: hv-02, gpu: { partition: {} }, power: running }
            """));

        var plan = s.Plan();
        await s.ApplyAsync(plan);

        var blocked = Assert.Single(plan.Blocked);
        Assert.Equal(("vm/vm-23", BlockReason.Capacity), (blocked.Object, blocked.Reason));
        Assert.Contains($"VM vm-23 cannot start: GPU {G1} on host hv-02, which its partition is pinned to, has no partition free and this plan frees none", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Operations, o => o.Vm == "vm-23");
        Assert.Equal(Observed.VmPowerState.Running, s.Observe().Vm("vm-22")!.State);
    }

    [Fact]
    public async Task Plan_UnpinnedStartOnAHostWhosePartitionsAreAllTaken_StartsAfterThePartitionIsGivenUp()
    {
        // One partitioned GPU, its only partition running vm-21, which the spec wants off with no GPU; vm-23's
        // unpinned adapter takes any free partition of the host at start, so it starts after that removal.
        using var s = new Scenario(
            $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-02
                  gpus:
                    - { model: NVIDIA L4, locationPath: "{{G1}}", mode: partitioned, partitionCount: 1 }
                  vms:
                    - { name: vm-21, state: Running, gpuPartition: { gpu: "{{G1}}" } }
                    - { name: vm-23, state: Off, gpuPartition: {} }
            """,
            $$"""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              policy: { maxUnavailable: 3 }
              hosts:
                - name: hv-02
                  gpus:
                    - { model: NVIDIA L4, locationPath: "{{G1}}", partitionCount: 1 }
              vms:
                - { name: vm-21, host: hv-02, power: off }
                - { name: vm-23, host: hv-02, gpu: { partition: {} }, power: running }
            """);

        var plan = s.Plan();

        Assert.Empty(plan.Blocked);
        Assert.Equal(
            ["op-001 StopVm vm-21 wave 1 after []", "op-002 RemovePartitionAdapter vm-21 wave 1 after [op-001]", "op-003 StartVm vm-23 wave 1 after [op-002]"],
            plan.Operations.Select(o => $"{o.Id} {o.Kind} {o.Vm} wave {o.Wave} after [{string.Join(", ", o.DependsOn)}]"));
        await s.ApplyAsync(plan);
        Assert.Empty(s.Plan().Operations);
    }
}
