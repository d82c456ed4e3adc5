using Reconciler.Diagnostics;

namespace Reconciler.Tests.Validation;

/// <summary>GR100-GR107, GR111, GR113: each host's GPU selectors.</summary>
public class GpuRulesTests
{
    private static string Host(string gpus) => $"hosts:\n  - name: hv-01\n    gpus:\n{string.Join('\n', gpus.Split('\n').Select(g => "      - " + g))}\n";

    [Fact]
    public void SelectorWithoutModelOrPath_ReportsGR100AtTheSelector() =>
        Assert.Equal(["GR100 9:11"], SpecText.Positions(SpecText.Check(Host("{ count: 2, partitionCount: 4 }"))));

    [Theory]
    [InlineData("{ model: NVIDIA L4, partitionCount: 4 }")]
    [InlineData("{ locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", partitionCount: 4 }")]
    public void SelectorWithModelOrPath_IsNotGR100(string selector) => SpecText.AssertClean(Host(selector));

    [Theory]
    [InlineData("NVIDIA A100", "did you mean 'NVIDIA A10'?")]
    [InlineData("NVIDIA L40 S", "did you mean 'NVIDIA L40S'?")]
    [InlineData("A-16", "did you mean 'NVIDIA A16'?")]
    [InlineData("NVIDIA RTX A6000", "GPU-P models: NVIDIA A2, NVIDIA A10, NVIDIA A16")]
    public void UnknownPartitionedModel_ReportsGR101WithHint(string model, string hint)
    {
        var d = Assert.Single(SpecText.Check(Host($"{{ model: {model}, partitionCount: 4 }}")));

        Assert.Equal("GR101 9:20", SpecText.Positions([d])[0]);
        Assert.Contains(hint, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnrelatedModel_GetsNoSuggestion()
    {
        // "NVIDIA H100" is as far from "NVIDIA A10" as a typo can be; a shared vendor prefix is no reason to suggest it.
        var d = SpecText.AssertReports("GR101", Host("{ model: NVIDIA H100, partitionCount: 4 }"));

        Assert.DoesNotContain("did you mean", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NVIDIA A16")]
    [InlineData("A16")]
    [InlineData("nvidia a16")]
    [InlineData("NVIDIA L40S")]
    public void KnownModelInAnySpelling_IsNotGR101(string model) =>
        SpecText.AssertClean(Host($"{{ model: {model}, partitionCount: 4 }}"));

    [Fact]
    public void PartitionedModelWithoutGpuP_ReportsGR102() =>
        Assert.Equal(["GR102 9:20"], SpecText.Positions(SpecText.Check(Host("{ model: NVIDIA T4, partitionCount: 2 }"))));

    [Fact]
    public void DdaModelWithoutGpuP_IsNotGR102() => SpecText.AssertClean(Host("{ model: NVIDIA T4, mode: dda }"));

    [Theory]
    [InlineData("{ model: NVIDIA L4 }", "GR103 9:11", "does not say what the GPUs should be")]
    [InlineData("{ model: NVIDIA L4, mode: partitioned }", "GR103 9:37", "has no partitionCount")]
    [InlineData("{ model: NVIDIA L4, mode: dda, partitionCount: 4 }", "GR103 9:58", "remove partitionCount")]
    [InlineData("{ model: NVIDIA L4, partitionCount: 4, pool: inference }", "GR103 9:47", "is a DDA GPU, which is passed through whole")]
    [InlineData("{ model: NVIDIA L4, mode: partitioned, partitionCount: 4, pool: inference }", "GR103 9:75", "GPU pools hold DDA GPUs only")]
    public void SelectorFieldsNotFittingTheMode_ReportGR103(string selector, string expected, string message)
    {
        var d = Assert.Single(SpecText.Check(Host(selector)));

        Assert.Equal(expected, SpecText.Positions([d])[0]);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ model: NVIDIA L4, partitionCount: 4 }")]
    [InlineData("{ model: NVIDIA L4, mode: partitioned, partitionCount: 4 }")]
    [InlineData("{ model: NVIDIA L4, mode: dda }")]
    [InlineData("{ model: NVIDIA L4, pool: inference }")]
    [InlineData("{ model: NVIDIA L4, mode: dda, pool: inference }")]
    public void SelectorFieldsFittingTheMode_AreNotGR103(string selector) => SpecText.AssertClean(Host(selector));

    [Theory]
    [InlineData("{ dda: {} }", "GR103 10:47", "exactly one of locationPath")]
    [InlineData("{ dda: { pool: inference, locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\" } }", "GR103 10:47", "exactly one of locationPath")]
    [InlineData("{ dda: { locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", count: 2 } }", "GR103 10:104", "count applies to pool requests")]
    public void DdaRequestFieldsNotFitting_ReportGR103(string gpu, string expected, string message)
    {
        var findings = SpecText.Check($$"""
            hosts:
              - name: hv-01
                gpus: [ { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: dda, pool: inference } ]
            vms:
              - { name: vm-01, host: hv-01, gpu: {{gpu}} }
            """);

        var d = Assert.Single(findings, f => f.Code.Id == "GR103");
        Assert.Equal(expected, SpecText.Positions([d])[0]);
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ dda: { pool: inference } }")]
    [InlineData("{ dda: { locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\" } }")]
    public void DdaRequestWithOneForm_IsNotGR103(string gpu) => SpecText.AssertClean($$"""
        hosts:
          - name: hv-01
            gpus: [ { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", mode: dda, pool: inference } ]
        vms:
          - { name: vm-01, host: hv-01, gpu: {{gpu}} }
        """);

    [Theory]
    [InlineData("NVIDIA A16", 5)]
    [InlineData("NVIDIA A16", 32)]
    [InlineData("NVIDIA A2", 3)]
    [InlineData("NVIDIA L4", 5)]
    [InlineData("NVIDIA L4", 16)]
    [InlineData("NVIDIA A40", 48)]
    [InlineData("NVIDIA L40S", 64)]
    public void PartitionCount_NotValidForModel_ReportsGR104(string model, int count)
    {
        var d = Assert.Single(SpecText.Check(Host($"{{ model: {model}, partitionCount: {count} }}")));

        Assert.Equal(Codes.InvalidPartitionCount, d.Code);
        Assert.Equal(9, d.Location.Line);
        Assert.Equal(20 + model.Length + 18, d.Location.Column);
        Assert.StartsWith($"partitionCount {count} is not valid for {model} (valid: ", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PartitionCount_NotValidForA16_ReportsGR104WithValidCounts() => Assert.Equal(
        "test.yaml:9:48: error GR104: partitionCount 5 is not valid for NVIDIA A16 (valid: 1, 2, 4, 8, 16)",
        SpecText.AssertReports("GR104", Host("{ model: NVIDIA A16, partitionCount: 5 }")).ToString());

    [Theory]
    [InlineData("NVIDIA A16", 1)]
    [InlineData("NVIDIA A16", 16)]
    [InlineData("NVIDIA A2", 8)]
    [InlineData("NVIDIA L4", 3)]
    [InlineData("NVIDIA L4", 24)]
    [InlineData("NVIDIA A40", 32)]
    [InlineData("NVIDIA L40S", 12)]
    public void PartitionCount_ValidForModel_IsNotGR104(string model, int count) =>
        SpecText.AssertClean(Host($"{{ model: {model}, partitionCount: {count} }}"));

    [Fact]
    public void UnknownModel_IsNotAlsoGR104() =>
        Assert.Equal(["GR101"], SpecText.Codes(Host("{ model: NVIDIA B200, partitionCount: 5 }")));

    [Fact]
    public void SameModelSelectedTwice_ReportsGR105AtTheSecond()
    {
        var d = SpecText.AssertReports("GR105", Host("{ model: NVIDIA A16, count: 4, partitionCount: 4 }\n{ model: A16, count: 4, partitionCount: 4 }"));

        Assert.Equal("GR105 10:11", SpecText.Positions([d])[0]);
        Assert.Contains("select each one by locationPath", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SamePathSelectedTwice_ReportsGR105()
    {
        var d = SpecText.AssertReports("GR105", Host("{ locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", partitionCount: 4 }\n{ locationPath: \"pciroot(0)#pci(0300)#pci(0000)\", partitionCount: 4 }"));

        Assert.Equal("GPU pciroot(0)#pci(0300)#pci(0000) on host hv-01 is already selected at line 9; keep one selector", d.Message);
    }

    [Fact]
    public void ModelSelectorAndPathOfThatModel_ReportsGR105() => SpecText.AssertReports("GR105",
        Host("{ model: NVIDIA L4, partitionCount: 4 }\n{ model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", partitionCount: 4 }"));

    [Theory]
    [InlineData("{ locationPath: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", partitionCount: 4 }\n{ locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", partitionCount: 4 }")]
    [InlineData("{ model: NVIDIA L4, partitionCount: 4 }\n{ model: NVIDIA A2, partitionCount: 4 }")]
    [InlineData("{ model: NVIDIA L4, partitionCount: 4 }\n{ locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", partitionCount: 4 }")]
    public void DifferentGpus_AreNotGR105(string selectors) => SpecText.AssertClean(Host(selectors));

    [Fact]
    public void ModelPartitionedAndSameModelDda_ReportsGR106()
    {
        var d = Assert.Single(SpecText.Check(Host("{ model: NVIDIA L4, count: 2, partitionCount: 4 }\n{ model: NVIDIA L4, count: 1, mode: dda }")));

        Assert.Equal("GR106 10:11", SpecText.Positions([d])[0]);
        Assert.Contains("both partitioned and DDA (see line 9)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathPartitionedAndSamePathDda_ReportsGR106() => Assert.Equal(["GR106"], SpecText.Codes(Host(
        "{ locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", partitionCount: 4 }\n{ locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", mode: dda }")));

    [Fact]
    public void GpusOfOneModelSplitByPath_AreNotGR106() => SpecText.AssertClean(Host(
        "{ model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", partitionCount: 4 }\n{ model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0300)#PCI(0000)\", mode: dda }"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public void A16CountNotMultipleOfFour_ReportsGR107Warning(int count)
    {
        var d = Assert.Single(SpecText.Check(Host($"{{ model: NVIDIA A16, count: {count}, partitionCount: 4 }}")));

        Assert.Equal("GR107 9:39", SpecText.Positions([d])[0]);
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [Theory]
    [InlineData("NVIDIA A16", 4)]
    [InlineData("NVIDIA A16", 8)]
    [InlineData("NVIDIA L4", 3)]
    public void WholeBoards_AreNotGR107(string model, int count) =>
        SpecText.AssertClean(Host($"{{ model: {model}, count: {count}, partitionCount: 4 }}"));

    [Theory]
    [InlineData("PCIROOT(0)#PCI(300)#PCI(0000)")]
    [InlineData("PCI\\VEN_10DE&DEV_25B6&SUBSYS_157E10DE")]
    [InlineData("0000:03:00.0")]
    [InlineData("PCIROOT(0)#PCI(0300)#")]
    [InlineData("pciroot(0)/pci(0300)")]
    public void MalformedLocationPathOnHost_ReportsGR111(string path) =>
        Assert.Equal(["GR111 9:27"], SpecText.Positions(SpecText.Check(Host($"{{ locationPath: '{path}', mode: dda }}"))));

    [Theory]
    [InlineData("PCIROOT(0)#PCI(0300)#PCI(0000)")]
    [InlineData("PCIROOT(20)#PCI(0300)#PCI(0000)#PCI(0800)#PCI(0000)")]
    [InlineData("pciroot(0)#pci(0300)#pci(0000)")]
    [InlineData("ACPI(_SB_)#ACPI(PCI0)#PCI(0300)")]
    public void WellFormedLocationPath_IsNotGR111(string path) =>
        SpecText.AssertClean(Host($"{{ locationPath: '{path}', mode: dda }}"));

    [Fact]
    public void MalformedDdaPath_ReportsGR111Only()
    {
        // GR209 would tell the user to declare the malformed path on the host as well.
        var findings = SpecText.Check("""
            hosts:
              - name: hv-01
            vms:
              - { name: vm-01, host: hv-01, gpu: { dda: { locationPath: "PCI\\VEN_10DE&DEV_25B6" } } }
            """);

        Assert.Equal(["GR111 9:63"], SpecText.Positions(findings));
    }

    [Fact]
    public void MalformedPinnedPartitionPath_ReportsGR111Only()
    {
        var findings = SpecText.Check("""
            hosts:
              - name: hv-01
                gpus: [ { locationPath: "PCIROOT(0)#PCI(0300)#PCI(0000)", partitionCount: 4 } ]
            vms:
              - { name: vm-01, host: hv-01, gpu: { partition: { gpu: "PCIROOT(0)#PCI(300)#PCI(0000)" } } }
            """);

        Assert.Equal(["GR111 10:60"], SpecText.Positions(findings));
    }

    [Fact]
    public void UnknownDdaModel_ReportsGR113WarningNotGR101()
    {
        var d = Assert.Single(SpecText.Check(Host("{ model: NVIDIA H100, mode: dda }")));

        Assert.Equal("GR113 9:20", SpecText.Positions([d])[0]);
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [Theory]
    [InlineData("NVIDIA T4")]
    [InlineData("NVIDIA L40S")]
    public void KnownDdaModel_IsNotGR113(string model) => SpecText.AssertClean(Host($"{{ model: {model}, mode: dda }}"));
}
