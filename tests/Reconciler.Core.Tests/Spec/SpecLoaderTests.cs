using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Tests.Spec;

public class SpecLoaderTests
{
    private const string Header = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: lab }\nspec:\n";

    private static SpecFile Load(string body) => SpecLoader.Load("lab.yaml", Header + body);

    [Fact]
    public void Load_BindsEveryFormOfTheSpec()
    {
        var file = Load("""
              failoverCluster: true
              policy:
                mode: alert
                prune: true
                maxUnavailable: 25%
                shutdown: { timeout: 90s, onTimeout: abort }
                windows: [ { days: [Sat, Sunday], start: "22:00", end: "02:00", timeZone: Europe/Berlin } ]
              hosts:
                - name: hv-01
                  drivers: { host: "580.86" }
                  gpus:
                    - { model: NVIDIA A16, count: 4, partitionCount: 8 }
                    - { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: dda, pool: infer }
              vms:
                - { name: a, host: hv-01, gpu: { partition: {} }, power: running }
                - { name: b, host: hv-01, gpu: { partition: { gpu: "PCIROOT(0)#PCI(0200)#PCI(0000)", vram: 2GiB } }, power: off, offlineAction: forceShutdown }
                - { name: c, host: hv-01, gpu: { partition: { resources: { vram: { min: 2GiB, max: 2GiB, optimal: 2GiB }, encode: { min: 1, max: 2, optimal: 2 } } } } }
                - { name: d, gpu: { dda: { pool: infer, count: 1 } }, mmio: { low: 3GiB, high: 33GiB }, guestOs: Ubuntu 22.04, drivers: { guest: "580.65.06" } }
                - { name: e, host: hv-01, gpu: { partition: } }
            """);

        Assert.Empty(file.Diagnostics);
        var spec = Assert.Single(file.Clusters);
        Assert.True(spec.FailoverCluster);
        Assert.Equal(new ClusterPolicy(PolicyMode.Alert, true, new MaxUnavailable(25, true),
            new ShutdownPolicy(TimeSpan.FromSeconds(90), ShutdownTimeoutAction.Abort, SourceMap.None),
            new[] { new MaintenanceWindow(new[] { DayOfWeek.Saturday, DayOfWeek.Sunday }.ToValueList(), new TimeOnly(22, 0), new TimeOnly(2, 0), "Europe/Berlin", SourceMap.None) }.ToValueList(),
            SourceMap.None), spec.Policy);
        var host = Assert.Single(spec.Hosts);
        Assert.Equal(new DriverVersion(580, 86, null), host.HostDriver);
        Assert.Equal(GpuMode.Dda, host.Gpus[1].Mode);
        Assert.Equal("infer", host.Gpus[1].Pool);
        Assert.Equal(new PartitionRequest(null, null, null, SourceMap.None), spec.Vms[0].Gpu);
        Assert.Equal(PowerIntent.Off, spec.Vms[1].Power);
        Assert.Equal(OfflineAction.ForceShutdown, spec.Vms[1].OfflineAction);
        Assert.Equal(ByteSize.FromGiB(2), ((PartitionRequest)spec.Vms[2].Gpu!).ExpectedVram);
        Assert.Equal(new DdaRequest(null, "infer", 1, SourceMap.None), spec.Vms[3].Gpu);
        Assert.Null(spec.Vms[3].Host);
        Assert.Equal(ByteSize.FromGiB(33), spec.Vms[3].Mmio!.High);
        Assert.IsType<PartitionRequest>(spec.Vms[4].Gpu);
    }

    [Fact]
    public void Load_Defaults_AreEnforceNoPruneOneAtATimeFiveMinuteShutdown()
    {
        var spec = Assert.Single(Load("  hosts: []\n").Clusters);

        Assert.Equal(ClusterPolicy.Default, spec.Policy);
        Assert.False(spec.FailoverCluster);
    }

    [Fact]
    public void Load_SourceMap_PointsAtEachFieldValue()
    {
        var spec = Assert.Single(Load("  hosts:\n    - name: hv-01\n      gpus:\n        - { model: NVIDIA A16, partitionCount: 4 }\n").Clusters);

        var selector = spec.Hosts[0].Gpus[0];
        Assert.Equal(new SourceLocation("lab.yaml", 8, 48), selector.Source["partitionCount"]);
        Assert.Equal(new SourceLocation("lab.yaml", 8, 11), selector.Source.Location);
    }

    [Theory]
    [InlineData("  failoverCluster: yes\n  hosts: []\n", "GR013")]
    [InlineData("  failoverCluster: \"true\"\n  hosts: []\n", "GR013")]
    [InlineData("  hosts: { name: hv-01 }\n", "GR013")]
    [InlineData("  hosts:\n    - { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: \"4\" } ] }\n", "GR013")]
    [InlineData("  hosts:\n    - { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 0 } ] }\n", "GR019")]
    [InlineData("  hosts:\n    - { name: hv-01, gpus: [ { model: NVIDIA A16, partitionCount: 4, mode: passthrough } ] }\n", "GR016")]
    [InlineData("  hosts: []\n  vms:\n    - { name: a, host: h, gpu: { partition: { vram: 4Gb } } }\n", "GR017")]
    [InlineData("  hosts:\n    - { nmae: hv-01 }\n", "GR014")]
    public void Load_WrongShapes_AreReportedWithTheirCode(string body, string code)
    {
        var file = Load(body);

        Assert.Contains(file.Diagnostics, d => d.Code.Id == code);
    }

    [Fact]
    public void Load_WrongKind_SkipsTheDocumentWithGR011()
    {
        var file = SpecLoader.Load("x.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\n");

        Assert.Empty(file.Clusters);
        Assert.Contains(file.Diagnostics, d => d.Code == Codes.Kind && d.Location.Line == 2);
    }

    [Fact]
    public void Load_SimulatedClusterWorld_IsSkippedWithoutFindings()
    {
        var file = SpecLoader.Load("world.yaml", "apiVersion: reconciler/v1\nkind: SimulatedCluster\nmetadata: { name: x }\nspec: { hosts: [] }\n");

        Assert.Empty(file.Clusters);
        Assert.Empty(file.Diagnostics);
    }

    [Fact]
    public void Load_MultipleDocuments_YieldsEveryCluster()
    {
        var text = Header + "  hosts: []\n---\n" + Header.Replace("lab", "lab2", StringComparison.Ordinal) + "  hosts: []\n";

        var file = SpecLoader.Load("two.yaml", text);

        Assert.Equal(["lab", "lab2"], file.Clusters.Select(c => c.Name));
    }

    [Fact]
    public void Load_MergeKey_IsExplainedAsUnsupported()
    {
        var file = Load("  hosts:\n    - { <<: {}, name: hv-01 }\n");

        Assert.Contains(file.Diagnostics, d => d.Code == Codes.UnknownKey && d.Message.Contains("merge keys", StringComparison.Ordinal));
    }
}
