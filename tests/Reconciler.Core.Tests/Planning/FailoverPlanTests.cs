using Reconciler.Drift;
using Reconciler.Planning;
using Reconciler.Simulation;
using Reconciler.Simulation.State;

namespace Reconciler.Tests.Planning;

/// <summary>
/// Failover semantics of the plan (issue 19): a VM away from its preferred owner, policy.failback,
/// hosts[].drain and down hosts. Each test: a world, a spec, the exact VMs stopped or moved, and
/// the order; plans that change something are applied to the simulator and must converge.
/// </summary>
public sealed class FailoverPlanTests
{
    private const string G = "PCIROOT(0)#PCI(0100)#PCI(0000)";

    // Wednesday 2026-11-25 12:00 UTC is outside the Saturday window; Saturday 02:00 is inside it.
    private static readonly DateTimeOffset InWindow = new(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Two nodes, one A16 GPU (4 partitions of 4 GiB) each; <paramref name="vms1"/> and <paramref name="vms2"/> are flow lists of VMs.</summary>
    private static string World(string vms1, string vms2, string state1 = "up", string? hosts3 = null, int count1 = 4) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              state: {{state1}}
              gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: {{count1}} } ]
              vms: {{vms1}}
            - name: hv-02
              gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 4 } ]
              vms: {{vms2}}
        {{hosts3}}
        """;

    private static string Spec(string vms, string policy = "", string drain1 = "", string? host3 = null) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          policy:
            maxUnavailable: 1
            windows: [ { days: [Sat], start: "01:00", end: "05:00" } ]
        {{policy}}
          hosts:
            - { name: hv-01, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ]{{drain1}} }
            - { name: hv-02, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
        {{host3}}
          vms:
        {{vms}}
        """;

    private const string FailedOverVdi01 =
        $$"""[ { name: vdi-01, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown, failedOver: { from: hv-01, since: "2026-11-25T03:10:00Z" } } ]""";

    private const string Vdi01PrefersHv01 = "    - { name: vdi-01, host: hv-01, gpu: { partition: { vram: 4GiB } } }";

    private static IEnumerable<string> Kinds(Plan plan, string vm) =>
        plan.Operations.Where(o => o.Vm == vm).Select(o => $"{o.Kind}@{o.Host}");

    [Fact]
    public void Plan_FailedOverVmOutsideAWindow_IsLeftRunningAndReported()
    {
        using var s = new Scenario(World("[]", FailedOverVdi01), Spec(Vdi01PrefersHv01));

        var plan = s.Plan(); // Wednesday noon: no window

        Assert.Empty(plan.Operations);
        var report = Assert.Single(plan.FailedOver);
        Assert.Equal(("vdi-01", "hv-02", "hv-01", "hv-01"), (report.Vm, report.Host, report.PreferredHost, report.From));
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 3, 10, 0, TimeSpan.Zero), report.Since);
        Assert.StartsWith("moves back in the next maintenance window (2026-11-28 01:00", report.Failback, StringComparison.Ordinal);
        Assert.Contains(plan.Blocked, b => b.Reason == BlockReason.Window);
        Assert.DoesNotContain(plan.Blocked, b => b.Reason == BlockReason.Conflict);
        Assert.Contains("failed over from hv-01 at 2026-11-25 03:10", report.Describe(), StringComparison.Ordinal);
        Assert.Equal([report.Describe()], Reconciler.Reconciliation.PlanReport.Of(plan).FailedOver); // what status and the API show
    }

    [Fact]
    public async Task Plan_FailedOverVmInAWindowWithFailbackWindow_MovesBackWithExactlyOneStop()
    {
        using var s = new Scenario(World("[]", FailedOverVdi01), Spec(Vdi01PrefersHv01));

        var plan = await s.ConvergeAsync(InWindow);

        Assert.Equal(["vdi-01"], s.Stopped);
        Assert.Equal(["StopVm@hv-02", "MoveVm@hv-02", "StartVm@hv-01"], Kinds(plan, "vdi-01"));
        Assert.Equal("hv-01", plan.Operations.Single(o => o.Kind == OperationKind.MoveVm).Arguments.TargetHost);
        Assert.Equal("moves back to hv-01 in this plan", Assert.Single(plan.FailedOver).Failback);
        var after = s.Observe().Vm("vdi-01")!;
        Assert.Equal(("hv-01", Observed.VmPowerState.Running, (Observed.FailedOver?)null), (after.Host, after.State, after.FailedOver));
    }

    [Fact]
    public void Plan_FailbackNever_NeverMovesIt()
    {
        using var s = new Scenario(World("[]", FailedOverVdi01), Spec(Vdi01PrefersHv01, policy: "    failback: never"));

        var plan = s.Plan(InWindow);

        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Blocked);
        Assert.Empty(plan.Drift);
        Assert.Equal("stays where it is (policy.failback: never)", Assert.Single(plan.FailedOver).Failback);
    }

    [Fact]
    public async Task Plan_FailbackImmediate_MovesItNowOutsideAWindow()
    {
        using var s = new Scenario(World("[]", FailedOverVdi01), Spec(Vdi01PrefersHv01, policy: "    failback: immediate"));

        var plan = await s.ConvergeAsync(Scenario.Noon);

        Assert.Equal(["vdi-01"], s.Stopped);
        Assert.Equal(["StopVm@hv-02", "MoveVm@hv-02", "StartVm@hv-01"], Kinds(plan, "vdi-01"));
        Assert.DoesNotContain(plan.Blocked, b => b.Reason == BlockReason.Window);
    }

    [Fact]
    public async Task Plan_FailbackWithAnUnpinnedPartition_RepinsItOnThePreferredOwner()
    {
        const string away = """[ { name: vdi-01, state: Running, gpuPartition: {}, offlineAction: forceShutdown, failedOver: { from: hv-01 } } ]""";
        using var s = new Scenario(World("[]", away), Spec(Vdi01PrefersHv01));

        var plan = await s.ConvergeAsync(InWindow);

        Assert.Equal(["vdi-01"], s.Stopped);
        Assert.Equal(["StopVm@hv-02", "RemovePartitionAdapter@hv-02", "MoveVm@hv-02", "AddPartitionAdapter@hv-01", "StartVm@hv-01"], Kinds(plan, "vdi-01"));
    }

    [Fact]
    public async Task Plan_DrainedHost_EmptiesWithinTheBudgetAndBlocksWhatHasNoCapacity()
    {
        // hv-01 runs four 4 GiB VMs and one pinned VM; hv-02 has room for three (it runs one of its own).
        var onHv01 = string.Join(", ", Enumerable.Range(1, 4).Select(i => $"{{ name: vdi-0{i}, state: Running, gpuPartition: {{ gpu: \"{G}\" }}, offlineAction: forceShutdown }}"));
        var world = World($"[ {onHv01} ]", $$"""[ { name: vdi-09, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown } ]""");
        var vms = string.Join("\n", Enumerable.Range(1, 4).Select(i => $"    - {{ name: vdi-0{i}, host: hv-01, gpu: {{ partition: {{ vram: 4GiB }} }} }}"))
            + "\n    - { name: vdi-09, host: hv-02, gpu: { partition: { vram: 4GiB } } }";
        using var s = new Scenario(world, Spec(vms, drain1: ", drain: true"));

        var plan = s.Plan(InWindow);
        await s.ApplyAsync(plan);

        Assert.Equal(["vdi-01", "vdi-02", "vdi-03"], s.Stopped);
        Assert.Equal(1, s.PeakDown);
        foreach (var vm in new[] { "vdi-01", "vdi-02", "vdi-03" })
        {
            Assert.Equal(["StopVm@hv-01", "MoveVm@hv-01", "StartVm@hv-02"], Kinds(plan, vm));
        }

        // One VM at a time: each wave's stop waits for the previous wave's start.
        var waves = plan.Operations.Where(o => o.Kind == OperationKind.StopVm).Select(o => o.Wave).ToList();
        Assert.Equal([1, 2, 3], waves);
        var blocked = Assert.Single(plan.Blocked, b => b.Object == "vm/vdi-04");
        Assert.Equal(BlockReason.Capacity, blocked.Reason);
        Assert.Contains("no capacity on any node", blocked.Message, StringComparison.Ordinal);
        var observed = s.Observe();
        Assert.Equal(["vdi-04"], observed.Host("hv-01")!.Vms.Select(v => v.Name));
        Assert.All(observed.Host("hv-02")!.Vms, v => Assert.Equal(Observed.VmPowerState.Running, v.State));
    }

    [Fact]
    public void Plan_DrainedHost_BlocksPinnedAndUnclusteredVmsWithTheirReason()
    {
        var world = World($$"""[ { name: pinned, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown }, { name: loose, state: Running, gpuPartition: { gpu: "{{G}}" } } ]""", "[]");
        var vms = $$"""
                - { name: pinned, host: hv-01, gpu: { partition: { gpu: "{{G}}" } } }
                - { name: loose, host: hv-01, gpu: { partition: {} }, offlineAction: forceShutdown }
            """;
        using var s = new Scenario(world, Spec(vms, drain1: ", drain: true"));

        var plan = s.Plan(InWindow);

        Assert.DoesNotContain(plan.Operations, o => o.Kind is OperationKind.MoveVm or OperationKind.StopVm);
        Assert.Contains("pinned to GPU", Assert.Single(plan.Blocked, b => b.Object == "vm/pinned").Message, StringComparison.Ordinal);
        Assert.Contains("not clustered", Assert.Single(plan.Blocked, b => b.Object == "vm/loose").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_DrainRemoved_TheDrainedVmsFailBackUnderThePolicy()
    {
        var world = World($$"""[ { name: vdi-01, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown } ]""", "[]");
        using var s = new Scenario(world, Spec(Vdi01PrefersHv01, drain1: ", drain: true"));
        var drain = await s.ConvergeAsync(InWindow);
        Assert.Equal(["StopVm@hv-01", "MoveVm@hv-01", "StartVm@hv-02"], Kinds(drain, "vdi-01"));
        var stillDrained = s.Plan(InWindow);
        Assert.Empty(stillDrained.Operations);
        Assert.Contains("being drained", Assert.Single(stillDrained.FailedOver).Failback, StringComparison.Ordinal);

        using var undrained = new Scenario(world, Spec(Vdi01PrefersHv01));
        var spec = undrained.Spec;
        var back = Planner.Plan(spec, s.Observe(), Reconciler.Catalog.GpuCatalog.Default, InWindow);
        Assert.Equal(["StopVm@hv-02", "MoveVm@hv-02", "StartVm@hv-01"], Kinds(back, "vdi-01"));
    }

    [Fact]
    public async Task Plan_AfterFailHost_PlansNothingOnTheDownHostAndSaysWhatWaits()
    {
        // vdi-01 and vdi-02 fail over to hv-02 (two free partitions); vdi-03 finds none and is stranded.
        var onHv01 = string.Join(", ", Enumerable.Range(1, 3).Select(i => $"{{ name: vdi-0{i}, state: Running, gpuPartition: {{ gpu: \"{G}\" }}, offlineAction: forceShutdown }}"));
        var onHv02 = string.Join(", ", Enumerable.Range(7, 2).Select(i => $"{{ name: vdi-0{i}, state: Running, gpuPartition: {{ gpu: \"{G}\" }}, offlineAction: forceShutdown }}"));
        var vms = string.Join("\n", new[] { 1, 2, 3 }.Select(i => $"    - {{ name: vdi-0{i}, host: hv-01, gpu: {{ partition: {{ vram: 4GiB }} }}, power: running }}"))
            + "\n" + string.Join("\n", new[] { 7, 8 }.Select(i => $"    - {{ name: vdi-0{i}, host: hv-02, gpu: {{ partition: {{ vram: 4GiB }} }}, power: running }}"));
        using var s = new Scenario(World($"[ {onHv01} ]", $"[ {onHv02} ]"), Spec(vms, policy: "    failback: immediate"));
        var failure = await ((SimulatedClusterProvider)s.Provider).FailHostAsync("hv-01", CancellationToken.None);
        Assert.Equal(["vdi-01", "vdi-02"], failure.Restarts.Select(r => r.Vm));

        var plan = s.Plan(InWindow);

        Assert.DoesNotContain(plan.Operations, o => o.Host == "hv-01" || o.Arguments.TargetHost == "hv-01");
        Assert.Empty(plan.Operations);
        var host = Assert.Single(plan.Blocked, b => b.Object == "host/hv-01");
        Assert.Equal(BlockReason.HostDown, host.Reason);
        Assert.Contains("VM(s) vdi-03", host.Message, StringComparison.Ordinal);
        Assert.Contains("waits for host hv-01", Assert.Single(plan.Blocked, b => b.Object == "vm/vdi-03").Message, StringComparison.Ordinal);
        Assert.All(plan.FailedOver, f => Assert.Equal("waits for host hv-01, which is Down", f.Failback));
        Assert.Equal(["vdi-01", "vdi-02"], plan.FailedOver.Select(f => f.Vm));

        // recover-host, then failback: the failed-over VMs move back one at a time, the stranded one starts.
        await ((SimulatedClusterProvider)s.Provider).RecoverHostAsync("hv-01", CancellationToken.None);
        var back = await s.ConvergeAsync(InWindow);
        Assert.Equal(["vdi-01", "vdi-02"], s.Stopped);
        Assert.Equal(["StartVm@hv-01"], Kinds(back, "vdi-03"));
        foreach (var vm in new[] { "vdi-01", "vdi-02" })
        {
            Assert.Equal(["StopVm@hv-02", "MoveVm@hv-02", "StartVm@hv-01"], Kinds(back, vm));
        }

        var observed = s.Observe();
        Assert.Equal(["vdi-01", "vdi-02", "vdi-03"], observed.Host("hv-01")!.Vms.Where(v => v.State == Observed.VmPowerState.Running).Select(v => v.Name).Order());
    }

    [Fact]
    public async Task Plan_FailbackToANodeWhoseGpuIsRepartitioned_PinsAfterTheRepartitionAndConverges()
    {
        // hv-01's GPU comes back split in 2 (8 GiB); the spec wants 4 (4 GiB), the size vdi-01 needs.
        var world = World("[]", FailedOverVdi01, count1: 2);
        using var s = new Scenario(world, Spec(Vdi01PrefersHv01));

        var plan = await s.ConvergeAsync(InWindow);

        Assert.Equal(["vdi-01"], s.Stopped);
        var repartition = plan.Operations.Single(o => o.Kind == OperationKind.SetPartitionCount);
        Assert.Equal("hv-01", repartition.Host);
        var start = plan.Operations.Single(o => o.Kind == OperationKind.StartVm && o.Vm == "vdi-01");
        Assert.Equal("hv-01", start.Host);
        Assert.Contains(repartition.Id, Closure(plan, start));
        Assert.Equal("hv-01", s.Observe().Vm("vdi-01")!.Host);
    }

    /// <summary>Every operation <paramref name="op"/> waits for, directly or not.</summary>
    private static HashSet<string> Closure(Plan plan, Operation op)
    {
        var byId = plan.Operations.ToDictionary(o => o.Id);
        var seen = new HashSet<string>();
        var stack = new Stack<string>(op.DependsOn);
        while (stack.Count > 0)
        {
            if (seen.Add(stack.Peek()))
            {
                foreach (var dep in byId[stack.Pop()].DependsOn)
                {
                    stack.Push(dep);
                }
            }
            else
            {
                stack.Pop();
            }
        }

        return seen;
    }
}
