using Reconciler.Diagnostics;

namespace Reconciler.Tests.Validation;

/// <summary>GR201-GR207: GPU-P VMs have a partitioned GPU on their host, enough partitions, and the partition size they expect.</summary>
public class PartitionRulesTests
{
    private const string A16Host = """
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA A16, count: 4, partitionCount: 4 } ]
        """;

    private static string WithVms(string hosts, params string[] vms) =>
        hosts + "\nvms:\n" + string.Concat(vms.Select(v => $"  - {v}\n"));

    [Fact]
    public void PartitionVmOnHostWithOnlyDda_ReportsGR201()
    {
        var d = Assert.Single(SpecText.Check(WithVms("hosts: [ { name: hv-01, gpus: [ { model: NVIDIA L4, mode: dda } ] } ]",
            "{ name: vm-01, host: hv-01, gpu: { partition: {} } }")));

        Assert.Equal("GR201 8:53", SpecText.Positions([d])[0]);
        Assert.Contains("host hv-01 declares no partitioned GPU", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionVmOnHostWithoutGpus_ReportsGR201() =>
        Assert.Equal(["GR201"], SpecText.Codes(WithVms("hosts: [ { name: hv-01 } ]", "{ name: vm-01, host: hv-01, gpu: { partition: {} } }")));

    [Fact]
    public void PartitionVmOnHostWithPartitionedGpu_IsNotGR201() =>
        SpecText.AssertClean(WithVms(A16Host, "{ name: vm-01, host: hv-01, gpu: { partition: {} } }"));

    [Fact]
    public void MoreVmsThanPartitions_ReportsGR202AtTheFirstVmWithout()
    {
        var hosts = "hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A2, count: 1, partitionCount: 2 } ] } ]";
        var findings = SpecText.Check(WithVms(hosts,
            "{ name: vm-01, host: hv-01, gpu: { partition: {} } }",
            "{ name: vm-02, host: hv-01, gpu: { partition: {} } }",
            "{ name: vm-03, host: hv-01, gpu: { partition: {} } }",
            "{ name: vm-04, host: hv-01, gpu: { partition: {} } }"));

        var d = Assert.Single(findings);
        Assert.Equal("GR202 10:53", SpecText.Positions([d])[0]);
        Assert.Contains("host hv-01 has 2 GPU partitions, but 4 VMs want one (VM vm-03 is the first without)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AsManyVmsAsPartitions_IsNotGR202() => SpecText.AssertClean(WithVms(
        "hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A2, count: 1, partitionCount: 2 } ] } ]",
        "{ name: vm-01, host: hv-01, gpu: { partition: {} } }",
        "{ name: vm-02, host: hv-01, gpu: { partition: {} } }"));

    [Fact]
    public void ModelSelectorWithoutCount_IsNotGR202()
    {
        // Without count the number of GPUs is known only on the host.
        SpecText.AssertClean(WithVms(
            "hosts: [ { name: hv-01, gpus: [ { model: NVIDIA A2, partitionCount: 1 } ] } ]",
            "{ name: vm-01, host: hv-01, gpu: { partition: {} } }",
            "{ name: vm-02, host: hv-01, gpu: { partition: {} } }"));
    }

    [Fact]
    public void MoreVmsPinnedToAGpuThanItHasPartitions_ReportsGR203()
    {
        var hosts = """
            hosts:
              - name: hv-01
                gpus:
                  - { locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
                  - { locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
            """;
        var findings = SpecText.Check(WithVms(hosts,
            "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\" } } }",
            "{ name: vm-02, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\" } } }",
            "{ name: vm-03, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\" } } }"));

        Assert.Equal(["GR203 14:60"], SpecText.Positions(findings));
    }

    [Fact]
    public void PinnedVmsWithinGpuPartitions_AreNotGR203() => SpecText.AssertClean(WithVms("""
        hosts:
          - name: hv-01
            gpus:
              - { locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
              - { locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
        """,
        "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\" } } }",
        "{ name: vm-02, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\" } } }",
        "{ name: vm-03, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\" } } }"));

    [Fact]
    public void PinnedToDdaGpu_ReportsGR204()
    {
        var hosts = """
            hosts:
              - name: hv-01
                gpus:
                  - { locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", partitionCount: 2 }
                  - { locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", mode: dda }
            """;

        var d = Assert.Single(SpecText.Check(WithVms(hosts, "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\" } } }")));

        Assert.Equal("GR204 12:60", SpecText.Positions([d])[0]);
        Assert.Contains("passes through by DDA (line 10)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PinnedToUndeclaredGpuWithoutModelSelector_ReportsGR204() =>
        Assert.Equal(["GR204"], SpecText.Codes(WithVms(
            "hosts: [ { name: hv-01, gpus: [ { locationPath: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", partitionCount: 2 } ] } ]",
            "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0900)#PCI(0000)\" } } }")));

    [Theory]
    [InlineData("PCIROOT(0)#PCI(0100)#PCI(0000)")]
    [InlineData("pciroot(0)#pci(0100)#pci(0000)")]
    public void PinnedToDeclaredPartitionedGpu_IsNotGR204(string path) => SpecText.AssertClean(WithVms(
        "hosts: [ { name: hv-01, gpus: [ { locationPath: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", partitionCount: 2 } ] } ]",
        $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ gpu: \"{path}\" }} }} }}"));

    [Fact]
    public void PinnedToUndeclaredGpuUnderModelSelector_IsNotGR204() => SpecText.AssertClean(WithVms(A16Host,
        "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0300)#PCI(0000)#PCI(0200)#PCI(0000)\" } } }"));

    [Theory]
    [InlineData("8GiB")]
    [InlineData("2GiB")]
    [InlineData("4096")]
    [InlineData("4MiB")]
    public void VramNotThePartitionSize_ReportsGR205(string vram)
    {
        var d = Assert.Single(SpecText.Check(WithVms(A16Host, $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ vram: {vram} }} }} }}")));

        Assert.Equal("GR205 10:61", SpecText.Positions([d])[0]);
        Assert.Contains("partitions on host hv-01 are 4 GiB (NVIDIA A16 with partitionCount 4)", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4GiB")]
    [InlineData("4096MiB")]
    [InlineData("4GB")]
    [InlineData("3.75GiB")]
    public void VramThePartitionSize_IsNotGR205(string vram) =>
        SpecText.AssertClean(WithVms(A16Host, $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ vram: {vram} }} }} }}"));

    [Fact]
    public void ResourcesVramMinNotThePartitionSize_ReportsGR205AtResources() =>
        Assert.Equal(["GR205 10:66"], SpecText.Positions(SpecText.Check(WithVms(A16Host,
            "{ name: vm-01, host: hv-01, gpu: { partition: { resources: { vram: { min: 8GiB, max: 8GiB, optimal: 8GiB } } } } }"))));

    [Fact]
    public void VramMatchingOneOfTwoGpuSizes_IsNotGR205() => SpecText.AssertClean(WithVms("""
        hosts:
          - name: hv-01
            gpus:
              - { locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", model: NVIDIA L4, partitionCount: 4 }
              - { locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
        """, "{ name: vm-01, host: hv-01, gpu: { partition: { vram: 12GiB } } }"));

    [Fact]
    public void PinnedVramNotThatGpusPartitionSize_ReportsGR205() => Assert.Equal(["GR205"], SpecText.Codes(WithVms("""
        hosts:
          - name: hv-01
            gpus:
              - { locationPath: "PCIROOT(0)#PCI(0100)#PCI(0000)", model: NVIDIA L4, partitionCount: 4 }
              - { locationPath: "PCIROOT(0)#PCI(0200)#PCI(0000)", model: NVIDIA L4, partitionCount: 2 }
        """, "{ name: vm-01, host: hv-01, gpu: { partition: { gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", vram: 12GiB } } }")));

    [Theory]
    [InlineData("8GiB", "GR205")]
    [InlineData("4GiB", "")]
    public void PinnedToAGpuSelectedByModelAndCount_ChecksVramAgainstThoseGpus(string vram, string expected) =>
        Assert.Equal(expected.Length == 0 ? [] : [expected], SpecText.Codes(WithVms(A16Host,
            $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ gpu: \"PCIROOT(0)#PCI(0300)#PCI(0000)#PCI(0200)#PCI(0000)\", resources: {{ vram: {{ min: {vram}, max: {vram}, optimal: {vram} }} }} }} }} }}")));

    [Fact]
    public void PartitionAndDda_ReportsGR206AtDda() =>
        Assert.Equal(["GR206 10:62"], SpecText.Positions(SpecText.Check(WithVms(A16Host,
            "{ name: vm-01, host: hv-01, gpu: { partition: {}, dda: { pool: inference } } }"))));

    [Fact]
    public void PartitionOnly_IsNotGR206() =>
        SpecText.AssertClean(WithVms(A16Host, "{ name: vm-01, host: hv-01, gpu: { partition: {} } }"));

    [Theory]
    [InlineData("vram: 4GiB, resources: { vram: { min: 2GiB, max: 4GiB, optimal: 4GiB } }", "GR207 10:61", "disagrees with resources.vram.min")]
    [InlineData("resources: { vram: { min: 4GiB, max: 2GiB, optimal: 4GiB } }", "GR207 10:81", "min is larger than max")]
    [InlineData("resources: { encode: { min: 5, max: 2 } }", "GR207 10:83", "resources.encode: min is larger than max")]
    [InlineData("resources: { compute: { min: 1, max: 4, optimal: 8 } }", "GR207 10:104", "resources.compute: optimal lies outside min..max")]
    [InlineData("resources: { decode: { min: 2, max: 4, optimal: 1 } }", "GR207 10:103", "optimal lies outside")]
    public void InconsistentResources_ReportGR207(string partition, string expected, string message)
    {
        var d = Assert.Single(SpecText.Check(WithVms(A16Host, $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ {partition} }} }} }}")));

        Assert.Equal(expected, SpecText.Positions([d])[0]);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(Codes.InvalidResources, d.Code);
    }

    [Theory]
    [InlineData("vram: 4GiB, resources: { vram: { min: 4GiB, max: 4GiB, optimal: 4GiB } }")]
    [InlineData("resources: { vram: { min: 4GiB } }")]
    [InlineData("resources: { encode: { min: 1, max: 4, optimal: 4 }, decode: { min: 1, max: 4, optimal: 1 }, compute: { optimal: 2 } }")]
    public void ConsistentResources_AreNotGR207(string partition) =>
        SpecText.AssertClean(WithVms(A16Host, $"{{ name: vm-01, host: hv-01, gpu: {{ partition: {{ {partition} }} }} }}"));
}
