using System.Text.Json;

namespace Reconciler.Tests.Cli;

/// <summary>
/// Failover end to end, run as a user would against the embedded simulator (issue 19): fail a
/// node, plan (nothing on the down node), recover it, apply (the failed-over VMs move back and
/// the apply converges); drain a node and apply.
/// </summary>
public sealed class FailoverCommandTests : IDisposable
{
    private const string G = "PCIROOT(0)#PCI(0100)#PCI(0000)";

    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-failover-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    private const string World = $$"""
        apiVersion: reconciler/v1
        kind: SimulatedCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 4 } ]
              vms:
                - { name: vdi-01, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown }
                - { name: vdi-02, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown }
            - name: hv-02
              gpus: [ { model: NVIDIA A16, locationPath: "{{G}}", mode: partitioned, partitionCount: 4 } ]
              vms:
                - { name: vdi-09, state: Running, gpuPartition: { gpu: "{{G}}" }, offlineAction: forceShutdown }
        """;

    private static string Spec(string policy, string drain2 = "") => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          failoverCluster: true
          policy: { maxUnavailable: 1{{policy}} }
          hosts:
            - { name: hv-01, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ] }
            - { name: hv-02, gpus: [ { model: NVIDIA A16, count: 1, partitionCount: 4 } ]{{drain2}} }
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: { vram: 4GiB } } }
            - { name: vdi-02, host: hv-01, gpu: { partition: { vram: 4GiB } } }
            - { name: vdi-09, host: hv-02, gpu: { partition: { vram: 4GiB } } }
        """;

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void FailHostPlanRecoverHostApply_PlansNothingOnTheDownNodeThenFailsBackAndConverges()
    {
        Run("sim", "init", Write("world.yaml", World), "--sim", "state");
        var spec = Write("spec.yaml", Spec(""));
        Assert.Equal(0, Run("sim", "drift", "fail-host", "hv-01", "--sim", "state").ExitCode);

        using (var plan = JsonDocument.Parse(Run("plan", "-f", spec, "--sim", "state", "-o", "json").Output))
        {
            var root = plan.RootElement;
            Assert.Empty(root.GetProperty("operations").EnumerateArray());
            Assert.Contains(root.GetProperty("blocked").EnumerateArray(), b => b.GetProperty("reason").GetString() == "HostDown" && b.GetProperty("object").GetString() == "host/hv-01");
            var away = root.GetProperty("failedOver").EnumerateArray().ToList();
            Assert.Equal(["vdi-01", "vdi-02"], away.Select(f => f.GetProperty("vm").GetString()));
            Assert.All(away, f => Assert.Equal(("hv-02", "hv-01", "hv-01", "waits for host hv-01, which is Down"),
                (f.GetProperty("host").GetString(), f.GetProperty("preferredHost").GetString(), f.GetProperty("from").GetString(), f.GetProperty("failback").GetString())));
            Assert.Equal(JsonValueKind.String, away[0].GetProperty("since").ValueKind);
        }

        var text = Run("plan", "-f", spec, "--sim", "state");
        Assert.Contains("Failed over (away from their preferred owner):", text.Output, StringComparison.Ordinal);
        Assert.Contains("vdi-01 runs on hv-02, away from its preferred owner hv-01 (failed over from hv-01 at ", text.Output, StringComparison.Ordinal);

        Assert.Equal(0, Run("sim", "drift", "recover-host", "hv-01", "--sim", "state").ExitCode);
        using (var plan = JsonDocument.Parse(Run("plan", "-f", spec, "--sim", "state", "-o", "json").Output))
        {
            var moves = plan.RootElement.GetProperty("operations").EnumerateArray().Where(o => o.GetProperty("kind").GetString() == "MoveVm").ToList();
            Assert.Equal(["vdi-01", "vdi-02"], moves.Select(m => m.GetProperty("vm").GetString()));
            Assert.All(moves, m => Assert.Equal(("hv-02", "hv-01"), (m.GetProperty("host").GetString(), m.GetProperty("arguments").GetProperty("targetHost").GetString())));
            Assert.Equal(["vdi-01", "vdi-02"], plan.RootElement.GetProperty("summary").GetProperty("vmsStopped").EnumerateArray().Select(v => v.GetString()));
        }

        var apply = Run("apply", "-f", spec, "--sim", "state", "--yes");
        Assert.True(apply.ExitCode == 0, apply.Output);
        Assert.Equal(0, Run("plan", "-f", spec, "--sim", "state", "--detailed-exitcode").ExitCode);
        Assert.Equal(["vdi-01", "vdi-02"], RunningOn("hv-01"));
        Assert.Equal(["vdi-09"], RunningOn("hv-02"));
    }

    [Fact]
    public void ApplyWithDrain_EmptiesTheNodeThenRemovingDrainFailsBack()
    {
        Run("sim", "init", Write("world.yaml", World), "--sim", "state");

        var drain = Run("apply", "-f", Write("drain.yaml", Spec("", drain2: ", drain: true")), "--sim", "state", "--yes");

        Assert.True(drain.ExitCode == 0, drain.Output);
        Assert.Equal(["vdi-01", "vdi-02", "vdi-09"], RunningOn("hv-01"));
        Assert.Empty(RunningOn("hv-02"));

        var back = Run("apply", "-f", Write("spec.yaml", Spec(", failback: immediate")), "--sim", "state", "--yes");

        Assert.True(back.ExitCode == 0, back.Output);
        Assert.Equal(["vdi-09"], RunningOn("hv-02"));
    }

    private List<string?> RunningOn(string host)
    {
        using var show = JsonDocument.Parse(Run("sim", "show", "--sim", "state", "-o", "json").Output);
        return [.. show.RootElement.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == host)
            .GetProperty("vms").EnumerateArray().Where(v => v.GetProperty("state").GetString() == "Running").Select(v => v.GetProperty("name").GetString()).Order()];
    }
}
