using Microsoft.Extensions.Time.Testing;
using Reconciler.Catalog;
using Reconciler.Cli.Progress;
using Reconciler.Drift;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Simulation;
using Reconciler.Spec;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests.Cli.Progress;

public sealed class PlainProgressTests : IDisposable
{
    private const string G1 = "PCIROOT(0)#PCI(0100)#PCI(0000)";
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-progress-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RunAsync_EveryFinishedStep_WritesOneLineWithHostVmOperationResultAndDuration()
    {
        var store = SimulatedWorld.Init(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 4 } ]
                  vms: [ { name: a, state: Running } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = Assert.Single(SpecLoader.Load("s.yaml", """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 4 } ] } ]
              vms: [ { name: a, host: hv-01, gpu: { partition: {} } } ]
            """).Clusters);
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UnixEpoch);
        var executor = new PlanExecutor(provider, new InMemoryJournalStore(), new ExecutorOptions(), TimeProvider.System, new Random(1).NextDouble);
        var output = new StringWriter();

        var result = await new PlainProgress(output, new FakeTimeProvider { AutoAdvanceAmount = TimeSpan.FromSeconds(1.5) }).RunAsync(plan, executor, () => executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));

        Assert.True(result.Status == ExecutionStatus.Converged, string.Join("; ", plan.Blocked.Select(b => b.Message)));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(plan.Operations.Select(o => $"host=hv-01 vm=a operation={o.Kind} result=done duration=1.50s id={o.Id}"), lines);
    }

    [Fact]
    public void LogLine_FailedStep_EndsWithTheReasonQuoted()
    {
        var op = new Operation("op-007", OperationKind.SetPartitionCount, "hv-01", null, G1, OperationArguments.None, ValueList<string>.Empty, false, 1, "repartition");

        var line = new FinishedStep(op, "failed", TimeSpan.FromSeconds(2), "partition 1 is assigned to \"intruder\"").LogLine();

        Assert.Equal("host=hv-01 vm=- operation=SetPartitionCount result=failed duration=2.00s id=op-007 reason=\"partition 1 is assigned to \\\"intruder\\\"\"", line);
    }

    [Fact]
    public void LogLine_ReasonWithLineBreaksAndBackslashes_StaysOneLineWithThemEscaped()
    {
        var op = new Operation("op-003", OperationKind.StartVm, "hv-01", "a", null, OperationArguments.None, ValueList<string>.Empty, false, 1, "start");

        var line = new FinishedStep(op, "failed", TimeSpan.FromSeconds(1), "WinRM fault:\r\n  C:\\VMs\\a\tlocked\u0007").LogLine();

        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain('\r', line);
        Assert.EndsWith("reason=\"WinRM fault:\\r\\n  C:\\\\VMs\\\\a\\tlocked\\u0007\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void LogLine_VmNameWithASpace_IsQuotedSoTheFieldDoesNotSplit()
    {
        var op = new Operation("op-001", OperationKind.StopVm, "hv-01", "front desk", null, OperationArguments.None, ValueList<string>.Empty, true, 1, "stop");

        var line = new FinishedStep(op, "done", TimeSpan.FromSeconds(1), null).LogLine();

        Assert.Equal("host=hv-01 vm=\"front desk\" operation=StopVm result=done duration=1.00s id=op-001", line);
    }

    [Fact]
    public async Task RunAsync_OutputPipeClosed_PlanStillConverges()
    {
        var store = SimulatedWorld.Init(_dir, $$"""
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA A16, locationPath: "{{G1}}", partitionCount: 2 } ]
                  vms: [ { name: a, state: Running, gpuPartition: { gpu: "{{G1}}" } } ]
              behaviour: { timeScale: 0 }
            """);
        var spec = Assert.Single(SpecLoader.Load("s.yaml", """
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: lab }
            spec:
              hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 4 } ] } ]
              vms: [ { name: a, host: hv-01, gpu: { partition: {} } } ]
            """).Clusters);
        var provider = new SimulatedClusterProvider(store, TimeProvider.System);
        var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UnixEpoch);
        var executor = new PlanExecutor(provider, new InMemoryJournalStore(), new ExecutorOptions(), TimeProvider.System, new Random(1).NextDouble);

        var result = await new PlainProgress(new ClosedPipe(), TimeProvider.System).RunAsync(plan, executor, () => executor.ExecuteAsync(plan, spec, "rev-1", CancellationToken.None));

        Assert.Equal(ExecutionStatus.Converged, result.Status);
        Assert.Equal(Observed.VmPowerState.Running, (await provider.ObserveAsync(CancellationToken.None)).Vm("a")!.State);
    }

    /// <summary>Standard output after the reader went away (<c>reconciler apply | head</c>): every write fails with EPIPE.</summary>
    private sealed class ClosedPipe : StringWriter
    {
        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");

        public override void WriteLine(string? value) => throw new IOException("Broken pipe");
    }
}
