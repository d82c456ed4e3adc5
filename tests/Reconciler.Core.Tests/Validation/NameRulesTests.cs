using Reconciler.Catalog;
using Reconciler.Validation;

namespace Reconciler.Tests.Validation;

/// <summary>GR02x: names are well formed and unique (hosts, VMs and pools compare without case, as Windows does).</summary>
public class NameRulesTests
{
    [Theory]
    [InlineData("Store-042")]
    [InlineData("store_042")]
    [InlineData("store.042")]
    [InlineData("-store")]
    [InlineData("store-")]
    public void ClusterNameNotDnsLabel_ReportsGR020(string name)
    {
        var text = SpecText.Wrap("hosts: []\n", name);

        Assert.Equal(["GR020 4:9"], SpecText.Positions(SpecText.CheckFile(text)));
    }

    [Theory]
    [InlineData("store-042")]
    [InlineData("s")]
    [InlineData("042")]
    public void ClusterNameDnsLabel_IsNotGR020(string name) =>
        Assert.Empty(SpecText.CheckFile(SpecText.Wrap("hosts: []\n", name)));

    [Fact]
    public void ClusterNameOf64Characters_ReportsGR020() =>
        Assert.Contains("GR020", SpecText.CheckFile(SpecText.Wrap("hosts: []\n", new string('a', 64))).Select(d => d.Code.Id));

    [Theory]
    [InlineData("hv_01")]
    [InlineData("hv 01")]
    [InlineData("-hv01")]
    [InlineData("hv01.")]
    public void HostNameNotDnsName_ReportsGR020(string name) =>
        Assert.Equal(["GR020 7:13"], SpecText.Positions(SpecText.Check($"hosts:\n  - name: \"{name}\"\n")));

    [Theory]
    [InlineData("hv-01")]
    [InlineData("HV-01")]
    [InlineData("hv-01.corp.example.com")]
    public void HostNameDnsName_IsNotGR020(string name) => SpecText.AssertClean($"hosts:\n  - name: {name}\n");

    [Theory]
    [InlineData("My VM")]
    [InlineData("vdi-01_")]
    [InlineData("vdi/01")]
    public void VmNameWithInvalidCharacters_ReportsGR020(string name) =>
        Assert.Equal(["GR020 8:13"], SpecText.Positions(SpecText.Check($"hosts: [ {{ name: hv-01 }} ]\nvms:\n  - name: \"{name}\"\n    host: hv-01\n")));

    [Theory]
    [InlineData("vdi-01")]
    [InlineData("VDI_01")]
    [InlineData("vdi.01")]
    public void VmNameValid_IsNotGR020(string name) =>
        SpecText.AssertClean($"hosts: [ {{ name: hv-01 }} ]\nvms:\n  - name: {name}\n    host: hv-01\n");

    [Fact]
    public void PoolNameWithSpace_ReportsGR020() => Assert.Equal("GR020 8:54", SpecText.Positions(SpecText.Check("""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA L40S, mode: dda, pool: "gpu pool" } ]
        """)).Single());

    [Fact]
    public void PoolNameValid_IsNotGR020() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA L40S, mode: dda, pool: gpu-pool } ]
        """);

    [Fact]
    public void EmptyClusterName_ReportsGR020()
    {
        // `name: ""` is written, so it is not "missing" (GR012); it must not pass as a cluster named "".
        var text = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata:\n  name: \"\"\nspec:\n  hosts: []\n";

        Assert.Equal(["GR020 4:9"], SpecText.Positions(SpecText.CheckFile(text)));
    }

    [Fact]
    public void EmptyHostName_ReportsGR020() =>
        Assert.Equal(["GR020 7:13"], SpecText.Positions(SpecText.Check("hosts:\n  - name: \"\"\n")));

    [Fact]
    public void EmptyVmName_ReportsGR020() =>
        Assert.Equal(["GR020 7:31"], SpecText.Positions(SpecText.Check("hosts: [ { name: hv-01 } ]\nvms: [ { host: hv-01, name: '' } ]\n")));

    [Fact]
    public void MissingVmName_ReportsGR012NotGR020() =>
        Assert.Equal(["GR012"], SpecText.Codes("hosts: [ { name: hv-01 } ]\nvms: [ { host: hv-01 } ]\n"));

    [Fact]
    public void HostDeclaredTwiceInDifferentCase_ReportsGR021AtTheSecond()
    {
        var d = SpecText.AssertReports("GR021", """
            hosts:
              - name: hv-01
              - name: HV-01
            """);

        Assert.Equal("GR021 8:13", SpecText.Positions([d])[0]);
        Assert.Contains("first at line 7", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DistinctHosts_AreNotGR021() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
          - name: hv-010
        """);

    [Fact]
    public void VmDeclaredTwice_ReportsGR022AtTheSecond() => Assert.Equal("GR022 9:15", SpecText.Positions(SpecText.Check("""
        hosts: [ { name: hv-01 }, { name: hv-02 } ]
        vms:
          - { name: vdi-01, host: hv-01 }
          - { name: VDI-01, host: hv-02 }
        """)).Single());

    [Fact]
    public void DistinctVms_AreNotGR022() => SpecText.AssertClean("""
        hosts: [ { name: hv-01 }, { name: hv-02 } ]
        vms:
          - { name: vdi-01, host: hv-01 }
          - { name: vdi-02, host: hv-02 }
        """);

    [Fact]
    public void SameClusterInTwoFiles_ReportsGR023InTheSecondFile()
    {
        var set = SpecSet.Load(
            [new SpecSource("a.yaml", SpecText.Wrap("hosts: []\n", "store-042")), new SpecSource("b.yaml", SpecText.Wrap("hosts: []\n", "store-042"))],
            GpuCatalog.Default);

        var d = Assert.Single(set.Diagnostics);
        Assert.Equal("GR023", d.Code.Id);
        Assert.Equal(("b.yaml", 4, 9), (d.Location.File, d.Location.Line, d.Location.Column));
        Assert.Contains("a.yaml:4:9", d.Message, StringComparison.Ordinal);
        Assert.Equal([true, false], set.Clusters.Select(c => c.IsValid));
    }

    [Fact]
    public void SameClusterTwiceInOneFile_ReportsGR023()
    {
        var text = SpecText.Wrap("hosts: []\n", "store-042") + "---\n" + SpecText.Wrap("hosts: []\n", "store-042");

        Assert.Equal(["GR023 12:9"], SpecText.Positions(SpecText.CheckFile(text)));
    }

    [Fact]
    public void DifferentClustersInTwoFiles_AreNotGR023() => Assert.Empty(SpecSet.Load(
        [new SpecSource("a.yaml", SpecText.Wrap("hosts: []\n", "store-042")), new SpecSource("b.yaml", SpecText.Wrap("hosts: []\n", "store-043"))],
        GpuCatalog.Default).Diagnostics);

    [Fact]
    public void PoolSpeltInTwoCases_ReportsGR024AtTheLaterSpelling()
    {
        var d = Assert.Single(SpecText.Check("""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L40S, mode: dda, pool: inference } ]
              - name: hv-02
                gpus: [ { model: NVIDIA L40S, mode: dda, pool: Inference } ]
            """));

        Assert.Equal("GR024 10:54", SpecText.Positions([d])[0]);
        Assert.Contains("spell it 'inference' everywhere", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolSpeltTheSameEverywhere_IsNotGR024() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA L40S, mode: dda, pool: inference } ]
          - name: hv-02
            gpus: [ { model: NVIDIA L40S, mode: dda, pool: inference } ]
        """);
}
