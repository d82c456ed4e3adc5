using Reconciler.Drift;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Spec;

namespace Reconciler.Tests.Planning;

/// <summary>
/// One scenario per planning rule: a world, a spec, the exact set of VMs the plan stops, and the
/// ordering constraints it must keep. Every plan is also applied to the simulator and must converge.
/// </summary>
public class PlannerScenarioTests
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private const string G2 = "PCIROOT(0)#PCI(0200)#PCI(0000)";

    private static string World(string vms, string gpus = "", string extra = "", bool failover = false) => $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: {{(failover ? "true" : "false")}}
          hosts:
            - name: hv-01
              gpus:
        {{(gpus.Length > 0 ? gpus : $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}\n        - {{ model: NVIDIA A16, locationPath: \"{G2}\", partitionCount: 2 }}")}}
              vms:
        {{vms}}
        {{extra}}
        """;

    private static string Spec(string vms, string gpus = "", string policy = "", bool failover = false) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          failoverCluster: {{(failover ? "true" : "false")}}
          policy: { maxUnavailable: "100%"{{policy}} }
          hosts:
            - name: hv-01
              gpus:
        {{(gpus.Length > 0 ? gpus : $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}\n        - {{ model: NVIDIA A16, locationPath: \"{G2}\", partitionCount: 2 }}")}}
          vms:
        {{vms}}
        """;

    private static Operation Op(Plan plan, OperationKind kind, string? vm = null, string? gpu = null) =>
        plan.Operations.Single(o => o.Kind == kind && (vm is null || o.Vm == vm) && (gpu is null || o.Gpu == gpu));

    /// <summary>True when <paramref name="later"/> waits for <paramref name="earlier"/>, directly or through others.</summary>
    private static bool After(Plan plan, Operation later, Operation earlier)
    {
        var byId = plan.Operations.ToDictionary(o => o.Id);
        var stack = new Stack<string>(later.DependsOn);
        var seen = new HashSet<string>();
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (id == earlier.Id)
            {
                return true;
            }

            if (seen.Add(id))
            {
                foreach (var dep in byId[id].DependsOn)
                {
                    stack.Push(dep);
                }
            }
        }

        return false;
    }

    [Fact]
    public async Task Plan_RepartitionStopsExactlyTheVmsOnThatGpu()
    {
        using var s = new Scenario(
            World($$"""
                        - { name: a, state: Running, gpuPartition: { gpu: "{{G1}}" } }
                        - { name: b, state: Running, gpuPartition: {} }
                        - { name: c, state: Running, gpuPartition: { gpu: "{{G2}}" } }
                """),
            Spec($$"""
                    - { name: a, host: hv-01, gpu: { partition: { gpu: "{{G1}}" } } }
                    - { name: b, host: hv-01, gpu: { partition: {} } }
                    - { name: c, host: hv-01, gpu: { partition: { gpu: "{{G2}}" } } }
                """, $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 4 }}\n        - {{ model: NVIDIA A16, locationPath: \"{G2}\", partitionCount: 2 }}"));

        var plan = await s.ConvergeAsync();

        Assert.Equal(["a", "b"], plan.Summary.VmsStopped.Order());
        var count = Op(plan, OperationKind.SetPartitionCount, gpu: G1);
        Assert.True(After(plan, count, Op(plan, OperationKind.StopVm, "a")));
        Assert.True(After(plan, count, Op(plan, OperationKind.RemovePartitionAdapter, "a")));
        Assert.True(After(plan, Op(plan, OperationKind.StartVm, "a"), count));
        Assert.Equal(4, s.Observe().Hosts[0].Gpu(G1)!.PartitionCount);
    }

    [Fact]
    public void Plan_VmWhoseResourceIsRight_IsNeverTouched()
    {
        using var s = new Scenario(
            World($"        - {{ name: a, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}\n        - {{ name: b, state: Off, gpuPartition: {{}} }}"),
            Spec($"    - {{ name: a, host: hv-01, gpu: {{ partition: {{}} }} }}\n    - {{ name: b, host: hv-01, gpu: {{ partition: {{ vram: 8GiB }} }} }}"));

        var plan = s.Plan();

        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Drift);
    }

    [Fact]
    public async Task Plan_PowerIntent_RunningStartsOffStopsUnmanagedRestores()
    {
        using var s = new Scenario(
            World("""
                        - { name: up, state: Off }
                        - { name: down, state: Running }
                        - { name: was-on, state: Running }
                        - { name: was-off, state: Off }
                """),
            Spec("""
                    - { name: up, host: hv-01, power: running }
                    - { name: down, host: hv-01, power: off }
                    - { name: was-on, host: hv-01, gpu: { partition: {} } }
                    - { name: was-off, host: hv-01, gpu: { partition: {} } }
                """));

        var plan = await s.ConvergeAsync();

        Assert.Equal(["down", "was-on"], plan.Summary.VmsStopped.Order());
        Assert.Equal(["up", "was-on"], plan.Summary.VmsStarted.Order());
        var cluster = s.Observe();
        Assert.Equal(VmPowerState.Running, cluster.Vm("up")!.State);
        Assert.Equal(VmPowerState.Off, cluster.Vm("down")!.State);
        Assert.Equal(VmPowerState.Running, cluster.Vm("was-on")!.State);
        Assert.Equal(VmPowerState.Off, cluster.Vm("was-off")!.State);
    }

    [Fact]
    public void Plan_StopVm_CarriesThePolicyShutdownTimeoutAndFallback()
    {
        using var s = new Scenario(
            World("        - { name: a, state: Running }"),
            Spec("    - { name: a, host: hv-01, gpu: { partition: {} } }", policy: ", shutdown: { timeout: 90s, onTimeout: abort }"));

        var stop = Op(s.Plan(), OperationKind.StopVm, "a");

        Assert.Equal(TimeSpan.FromSeconds(90), stop.Arguments.ShutdownTimeout);
        Assert.Equal(ShutdownTimeoutAction.Abort, stop.Arguments.OnTimeout);
        Assert.True(stop.Disruptive);
    }

    [Fact]
    public async Task Plan_Dda_DismountsFirstAndPreparesTheVmWhileOff()
    {
        using var s = new Scenario(
            World("        - { name: infer, state: Running }"),
            Spec($"    - {{ name: infer, host: hv-01, gpu: {{ dda: {{ locationPath: \"{G2}\" }} }}, mmio: {{ low: 3GiB, high: 33GiB }} }}",
                $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}\n        - {{ model: NVIDIA A16, locationPath: \"{G2}\", mode: dda }}"));

        var plan = await s.ConvergeAsync();

        var add = Op(plan, OperationKind.AddDdaDevice, "infer");
        Assert.True(After(plan, add, Op(plan, OperationKind.DismountGpu, gpu: G2)));
        Assert.True(After(plan, add, Op(plan, OperationKind.SetMmio, "infer")));
        Assert.True(After(plan, add, Op(plan, OperationKind.SetAutomaticStopAction, "infer")));
        Assert.True(After(plan, Op(plan, OperationKind.SetMmio, "infer"), Op(plan, OperationKind.StopVm, "infer")));
        var vm = s.Observe().Vm("infer")!;
        Assert.Equal(AutomaticStopAction.TurnOff, vm.AutomaticStopAction);
        Assert.Equal(G2, Assert.Single(vm.DdaDevices).LocationPath);
    }

    [Fact]
    public async Task Plan_DdaBackToPartitioned_RemovesTheDeviceBeforeMounting()
    {
        using var s = new Scenario(
            World("        - { name: infer, state: Running, ddaDevice: \"" + G2 + "\" }",
                $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}\n        - {{ model: NVIDIA A16, locationPath: \"{G2}\", mode: dda }}"),
            Spec("    - { name: infer, host: hv-01, gpu: { partition: {} } }"));

        var plan = await s.ConvergeAsync();

        var mount = Op(plan, OperationKind.MountGpu, gpu: G2);
        Assert.True(After(plan, mount, Op(plan, OperationKind.RemoveDdaDevice, "infer")));
        Assert.True(After(plan, Op(plan, OperationKind.SetPartitionCount, gpu: G2), mount));
        Assert.Equal(GpuStatus.Partitioned, s.Observe().Hosts[0].Gpu(G2)!.Status);
    }

    [Fact]
    public void Plan_OfflineAction_IsSetForGpuVmsOfFailoverClustersWithoutDowntime()
    {
        using var s = new Scenario(
            World($"        - {{ name: a, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}\n        - {{ name: b, state: Running }}", failover: true),
            Spec("    - { name: a, host: hv-01, gpu: { partition: {} } }\n    - { name: b, host: hv-01 }", failover: true));

        var plan = s.Plan();

        var set = Op(plan, OperationKind.SetOfflineAction, "a");
        Assert.Equal(OfflineAction.ForceShutdown, set.Arguments.OfflineAction);
        Assert.Equal(0, set.Wave);
        Assert.Empty(plan.Summary.VmsStopped);
        Assert.DoesNotContain(plan.Operations, o => o.Vm == "b");
    }

    [Fact]
    public void Plan_NewPartitions_ArePlacedDeterministicallyOnTheGpuWithMostRoom()
    {
        using var s = new Scenario(
            World($"        - {{ name: a, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}\n        - {{ name: n1, state: Off }}\n        - {{ name: n2, state: Off }}"),
            Spec("    - { name: a, host: hv-01, gpu: { partition: {} } }\n    - { name: n1, host: hv-01, gpu: { partition: {} } }\n    - { name: n2, host: hv-01, gpu: { partition: {} } }"));

        var first = s.Plan();
        var second = s.Plan();

        Assert.Equal(first, second);
        Assert.Equal(G2, Op(first, OperationKind.AddPartitionAdapter, "n1").Arguments.PinnedGpu);
        Assert.Equal(G1, Op(first, OperationKind.AddPartitionAdapter, "n2").Arguments.PinnedGpu);
        Assert.DoesNotContain(first.Operations, o => o.Vm == "a");
    }

    [Fact]
    public async Task Plan_MaxUnavailable_GoesDownInWavesNoLargerThanTheBudget()
    {
        using var s = new Scenario(
            World("        - { name: a, state: Running }\n        - { name: b, state: Running }\n        - { name: c, state: Running }"),
            Spec("    - { name: a, host: hv-01, gpu: { partition: {} } }\n    - { name: b, host: hv-01, gpu: { partition: {} } }\n    - { name: c, host: hv-01, gpu: { partition: {} } }")
                .Replace("maxUnavailable: \"100%\"", "maxUnavailable: 2", StringComparison.Ordinal));

        var plan = await s.ConvergeAsync();

        Assert.Equal(2, plan.Summary.Waves);
        Assert.True(s.PeakDown <= 2);
        var lastStop = plan.Operations.Where(o => o.Kind == OperationKind.StopVm).MaxBy(o => o.Wave)!;
        foreach (var start in plan.Operations.Where(o => o.Kind == OperationKind.StartVm && o.Wave == 1))
        {
            Assert.True(After(plan, lastStop, start));
        }
    }

    [Fact]
    public void Plan_OutsideTheWindow_BlocksOnlyDisruptiveSteps()
    {
        using var s = new Scenario(
            World("        - { name: running, state: Running }\n        - { name: off, state: Off }", failover: true),
            Spec("    - { name: running, host: hv-01, gpu: { partition: {} } }\n    - { name: off, host: hv-01, gpu: { partition: {} } }",
                policy: ", windows: [ { days: [Sat], start: \"01:00\", end: \"05:00\", timeZone: UTC } ]", failover: true));

        var outside = s.Plan(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var inside = s.Plan(new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero));

        var blocked = Assert.Single(outside.Blocked);
        Assert.Equal(BlockReason.Window, blocked.Reason);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 1, 0, 0, TimeSpan.Zero), blocked.Until);
        Assert.Contains("blocked until 2026-11-28 01:00", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(outside.Operations, o => o.Vm == "running" && o.Kind != OperationKind.SetOfflineAction);
        Assert.Contains(outside.Operations, o => o.Vm == "off" && o.Kind == OperationKind.AddPartitionAdapter);
        Assert.Empty(inside.Blocked);
        Assert.Contains(inside.Operations, o => o.Vm == "running" && o.Kind == OperationKind.StopVm);
    }

    [Fact]
    public void Plan_UnmanagedVmHoldingAChangingGpu_IsBlockedWithoutPrune()
    {
        using var s = new Scenario(
            World($"        - {{ name: stranger, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}"),
            Spec("    - { name: x, host: hv-01 }", $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 4 }}")
                .Replace("    - { name: x, host: hv-01 }", "    []", StringComparison.Ordinal).Replace("vms:\n    []", "vms: []", StringComparison.Ordinal));

        var plan = s.Plan();

        var blocked = Assert.Single(plan.Blocked);
        Assert.Equal(BlockReason.Conflict, blocked.Reason);
        Assert.Contains("stranger", blocked.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(plan.Operations, o => o.Kind == OperationKind.SetPartitionCount || o.Vm == "stranger");
    }

    [Fact]
    public async Task Plan_WithPrune_UnmanagedVmLosesItsPartitionAndRunsAgain()
    {
        using var s = new Scenario(
            World($"        - {{ name: stranger, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}"),
            Spec("    - { name: x, host: hv-01 }", policy: ", prune: true").Replace("    - { name: x, host: hv-01 }", "", StringComparison.Ordinal).Replace("vms:\n", "vms: []\n", StringComparison.Ordinal));

        var plan = await s.ConvergeAsync();

        Assert.Equal(["stranger"], plan.Summary.VmsStopped);
        var vm = s.Observe().Vm("stranger")!;
        Assert.Null(vm.Partition);
        Assert.Equal(VmPowerState.Running, vm.State);
    }

    [Theory]
    [InlineData("paravirtualization", BlockReason.Hardware)]
    [InlineData("notAssignable", BlockReason.Hardware)]
    public void Plan_UnusableGpu_IsBlocked(string mode, BlockReason reason)
    {
        using var s = new Scenario(
            World("        - { name: a, state: Off }", $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", mode: {mode} }}"),
            Spec("    - { name: a, host: hv-01 }", $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}"));

        Assert.Contains(s.Plan().Blocked, b => b.Reason == reason && b.Object.Contains(G1, StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_GpuTheHostDoesNotHave_IsBlocked()
    {
        using var s = new Scenario(
            World("        - { name: a, state: Off }"),
            Spec("    - { name: a, host: hv-01 }", $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}\n        - {{ model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0900)#PCI(0000)\", partitionCount: 2 }}"));

        Assert.Contains(s.Plan().Blocked, b => b.Reason == BlockReason.Hardware && b.Message.Contains("PCI(0900)", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_NotEnoughPartitions_IsBlockedForCapacity()
    {
        using var s = new Scenario(
            World($"        - {{ name: a, state: Running, gpuPartition: {{ gpu: \"{G1}\" }} }}\n        - {{ name: b, state: Off, gpuPartition: {{ gpu: \"{G1}\" }} }}\n        - {{ name: c, state: Off }}",
                $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}"),
            Spec("    - { name: a, host: hv-01, gpu: { partition: {} } }\n    - { name: b, host: hv-01, gpu: { partition: {} } }\n    - { name: c, host: hv-01 }",
                $"        - {{ model: NVIDIA A16, locationPath: \"{G1}\", partitionCount: 2 }}"));

        // The spec itself is valid (c wants nothing); ask for one more partition than the GPU has.
        var spec = s.Spec with { Vms = s.Spec.Vms.Select(v => v.Name == "c" ? v with { Gpu = new PartitionRequest(null, null, null, SourceMap.None) } : v).ToValueList() };
        var plan = Planner.Plan(spec, s.Observe(), Reconciler.Catalog.GpuCatalog.Default, Scenario.Noon);

        Assert.Contains(plan.Blocked, b => b.Reason == BlockReason.Capacity && b.Message.Contains("VM c", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_SavedVmThatMustChange_IsBlockedNotTurnedOff()
    {
        using var s = new Scenario(
            World("        - { name: sleepy, state: Saved }"),
            Spec("    - { name: sleepy, host: hv-01, gpu: { partition: {} } }"));

        var plan = s.Plan();

        Assert.Contains(plan.Blocked, b => b.Reason == BlockReason.Conflict && b.Message.Contains("Saved", StringComparison.Ordinal));
        Assert.DoesNotContain(plan.Operations, o => o.Vm == "sleepy");
    }

    [Fact]
    public async Task Plan_FailoverPools_AreCreatedOnEveryNode()
    {
        const string world = """
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - name: n1
                  gpus: [ { model: NVIDIA L40S, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 1 } ]
                  vms: [ { name: job, state: Running } ]
                - name: n2
                  gpus: [ { model: NVIDIA L40S, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 1 } ]
                  vms: []
            """;
        const string spec = """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              failoverCluster: true
              hosts:
                - { name: n1, gpus: [ { model: NVIDIA L40S, count: 1, mode: dda, pool: ai } ] }
                - { name: n2, gpus: [ { model: NVIDIA L40S, count: 1, mode: dda, pool: ai } ] }
              vms:
                - { name: job, host: n1, gpu: { dda: { pool: ai } } }
            """;
        using var s = new Scenario(world, spec);

        var plan = await s.ConvergeAsync();

        Assert.Equal(["n1", "n2"], plan.Operations.Where(o => o.Kind == OperationKind.CreatePool).Select(o => o.Host).Order());
        var pool = Assert.Single(s.Observe().Pools);
        Assert.Equal(2, pool.Members.Count);
        Assert.Equal(VmPowerState.Running, s.Observe().Vm("job")!.State);
    }
}
