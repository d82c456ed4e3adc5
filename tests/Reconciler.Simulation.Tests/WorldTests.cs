using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Observed;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Simulation.World;

namespace Reconciler.Tests;

public sealed class WorldTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-world-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Worlds() => new(Directory.GetFiles(Path.Combine(RepoRoot(), "specs", "worlds"), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Worlds))]
    public void ExampleWorld_InitialisesAndObservesEveryHost(string file)
    {
        var path = Path.Combine(RepoRoot(), "specs", "worlds", file);
        var store = new StateStore(Path.Combine(_dir, file));

        var findings = Simulator.Init(store, path, File.ReadAllText(path), GpuCatalog.Default);

        Assert.Empty(findings);
        var observed = Projection.Observe(store.Load());
        Assert.NotEmpty(observed.Hosts);
        Assert.All(observed.Vms.Where(v => v.State == VmPowerState.Running && v.Partition is not null), v => Assert.NotNull(v.Partition!.GpuLocationPath));
    }

    [Fact]
    public void World_WithErrors_ReportsFileLineColumnAndWritesNothing()
    {
        var store = new StateStore(_dir);
        const string world = """
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA Z9, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)" } ]
                  vms: [ { name: a, sate: Running } ]
            """;

        var findings = Simulator.Init(store, "w.yaml", world, GpuCatalog.Default);

        Assert.Contains(findings, d => d.Code == Codes.UnknownModel && d.Location == new SourceLocation("w.yaml", 7, 24));
        Assert.Contains(findings, d => d.Code == Codes.UnknownKey && d.Location.Line == 8);
        Assert.False(store.Exists);
    }

    [Fact]
    public void World_RunningVmsBeyondCapacity_AreRefused()
    {
        var store = new StateStore(_dir);
        const string world = """
            apiVersion: reconciler/v1
            kind: SimulatedCluster
            metadata: { name: lab }
            spec:
              hosts:
                - name: hv-01
                  gpus: [ { model: NVIDIA L4, locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 1 } ]
                  vms: [ { name: a, state: Running, gpuPartition: {} }, { name: b, state: Running, gpuPartition: {} } ]
            """;

        var findings = Simulator.Init(store, "w.yaml", world, GpuCatalog.Default);

        Assert.Contains(findings, d => d.IsError && d.Message.Contains("VM b", StringComparison.Ordinal));
        Assert.False(store.Exists);
    }

    [Fact]
    public void World_WithoutSimulatedClusterDocument_IsRefused()
    {
        var (state, findings) = WorldReader.Read("w.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\n", GpuCatalog.Default);

        Assert.Null(state);
        Assert.Contains(findings, d => d.Code == Codes.Kind);
    }

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Reconciler.sln")))
        {
            dir = dir.Parent;
        }

        return dir!.FullName;
    }
}
