using System.Text;
using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Tests.Validation;

/// <summary>GR00x (the file) and GR01x (the schema): what the loader and binder report.</summary>
public class SchemaRulesTests
{
    private const string Valid = """
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 4 } ]
        """;

    [Fact]
    public void ValidFragment_HasNoFindings() => SpecText.AssertClean(Valid);

    [Fact]
    public void TabIndentation_ReportsGR001AtTheTab()
    {
        var text = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec:\n  hosts:\n\t- name: h\n";

        var d = Assert.Single(SpecText.CheckFile(text));

        Assert.Equal("GR001 6:1", SpecText.Positions([d])[0]);
        Assert.Contains("tabs", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabInsideNestedMapping_ReportsGR001AtTheTab()
    {
        var text = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec:\n  hosts:\n    - name: h\n  \tvms: []\n";

        var d = Assert.Single(SpecText.CheckFile(text));

        Assert.Equal(Codes.YamlSyntax, d.Code);
        Assert.Equal(7, d.Location.Line);
        Assert.Equal(3, d.Location.Column);
    }

    [Fact]
    public void SpaceIndentation_IsNotGR001() =>
        Assert.Empty(SpecText.CheckFile("apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec:\n  hosts:\n    - name: h\n"));

    [Theory]
    [InlineData("hosts:\n  - { name: hv-01, gpus: [ { model: NVIDIA L4 }\n")]
    [InlineData("hosts:\n  - name: hv-01\n   gpus: []\n")]
    [InlineData("hosts:\n  - name: hv-01\n    guestOs: Windows: 11\n")]
    [InlineData("hosts:\n  - name: 'hv-01\n")]
    public void MalformedYaml_ReportsGR001Only(string fragment)
    {
        var d = Assert.Single(SpecText.Check(fragment));

        Assert.Equal(Codes.YamlSyntax, d.Code);
        Assert.True(d.Location.Line > SpecText.HeaderLines, $"position {d.Location} should be in the fragment");
    }

    [Fact]
    public void FileOverSizeLimit_ReportsGR002()
    {
        var text = SpecText.Wrap(Valid);
        var limits = new YamlLimits { MaxFileBytes = Encoding.UTF8.GetByteCount(text) - 1 };

        var d = Assert.Single(SpecLoader.Load("big.yaml", text, limits).Diagnostics);

        Assert.Equal(Codes.FileTooLarge, d.Code);
        Assert.Equal(new SourceLocation("big.yaml", 1, 1), d.Location);
    }

    [Fact]
    public void FileAtSizeLimit_IsNotGR002()
    {
        var text = SpecText.Wrap(Valid);
        var limits = new YamlLimits { MaxFileBytes = Encoding.UTF8.GetByteCount(text) };

        Assert.Empty(SpecLoader.Load("big.yaml", text, limits).Diagnostics);
    }

    [Fact]
    public void NestingDeeperThanLimit_ReportsGR003()
    {
        var text = "spec: " + new string('[', 64) + new string(']', 64);

        Assert.Contains(SpecLoader.Load("deep.yaml", text).Diagnostics, d => d.Code == Codes.TooDeep);
    }

    [Fact]
    public void NestingWithinLimit_IsNotGR003()
    {
        var text = "spec: " + new string('[', 62) + new string(']', 62);

        Assert.DoesNotContain(SpecLoader.Load("deep.yaml", text).Diagnostics, d => d.Code == Codes.TooDeep);
    }

    [Fact]
    public void AliasesExpandingPastLimit_ReportGR004()
    {
        var limits = new YamlLimits { MaxExpandedNodes = 100 };
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b]\n";

        Assert.Contains(SpecLoader.Load("bomb.yaml", text, limits).Diagnostics, d => d.Code == Codes.TooManyNodes);
    }

    [Fact]
    public void AliasesWithinLimit_AreNotGR004()
    {
        var limits = new YamlLimits { MaxExpandedNodes = 100 };
        var text = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: [*a, *a]\n";

        Assert.DoesNotContain(SpecLoader.Load("bomb.yaml", text, limits).Diagnostics, d => d.Code == Codes.TooManyNodes);
    }

    [Fact]
    public void UnreadableFileFinding_IsReportedAsGR005AndMakesTheSetInvalid()
    {
        var unreadable = new Diagnostic(Codes.UnreadableFile, SourceLocation.None("locked.yaml"), "cannot read the file: permission denied");

        var set = SpecSet.Load([new SpecSource("ok.yaml", SpecText.Wrap(Valid))], GpuCatalog.Default, unreadable: [unreadable]);

        Assert.Equal("GR005", Assert.Single(set.Diagnostics).Code.Id);
        Assert.False(set.IsValid);
        Assert.True(Assert.Single(set.Clusters).IsValid, "the readable file's cluster stays valid");
    }

    [Fact]
    public void ReadableFiles_AreNotGR005() =>
        Assert.True(SpecSet.Load([new SpecSource("ok.yaml", SpecText.Wrap(Valid))], GpuCatalog.Default).IsValid);

    [Theory]
    [InlineData("")]
    [InlineData("# apiVersion: reconciler/v1\n# kind: GpuCluster\n")]
    [InlineData("---\n# kind: GpuCluster, commented out\n")]
    [InlineData("---\n---\n")]
    public void FileWithoutContent_ReportsGR006Warning(string text)
    {
        var set = SpecSet.Load([new SpecSource("empty.yaml", text)], GpuCatalog.Default);

        var d = Assert.Single(set.Diagnostics);
        Assert.Equal("GR006", d.Code.Id);
        Assert.Equal(Severity.Warning, d.Severity);
        Assert.True(set.IsValid, "a warning does not fail validation");
    }

    [Fact]
    public void FileWithSpecAfterSeparator_IsNotGR006() =>
        Assert.Empty(SpecText.CheckFile("---\n" + SpecText.Wrap(Valid)));

    [Fact]
    public void BrokenFileWithoutDocuments_ReportsGR001NotGR006() =>
        Assert.Equal(["GR001"], SpecText.CheckFile("{ apiVersion: reconciler/v1").Select(d => d.Code.Id));

    [Fact]
    public void AliasWithoutAnchor_ReportsGR007AtTheAlias()
    {
        var d = Assert.Single(SpecText.Check("""
            hosts:
              - name: hv-01
                gpus: *l4
            """));

        Assert.Equal("GR007 8:13", SpecText.Positions([d])[0]);
    }

    [Fact]
    public void AliasAfterItsAnchor_IsNotGR007() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
            gpus: &l4 [ { model: NVIDIA L4, count: 1, partitionCount: 4 } ]
          - name: hv-02
            gpus: *l4
        """);

    [Theory]
    [InlineData("reconciler/v2")]
    [InlineData("reconciler/v1beta1")]
    [InlineData("v1")]
    public void UnsupportedApiVersion_ReportsGR010AtTheValue(string apiVersion)
    {
        var text = SpecText.Wrap(Valid).Replace("reconciler/v1", apiVersion, StringComparison.Ordinal);

        var d = Assert.Single(SpecText.CheckFile(text));

        Assert.Equal("GR010 1:13", SpecText.Positions([d])[0]);
        Assert.Contains("reconciler/v1", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportedApiVersion_IsNotGR010() => Assert.Empty(SpecText.CheckFile(SpecText.Wrap(Valid)));

    [Theory]
    [InlineData("gpucluster")]
    [InlineData("GPUCluster")]
    public void UnsupportedKind_ReportsGR011(string kind)
    {
        var text = SpecText.Wrap(Valid).Replace("kind: GpuCluster", $"kind: {kind}", StringComparison.Ordinal);

        Assert.Equal("GR011 2:7", SpecText.Positions(SpecText.CheckFile(text)).Single());
    }

    [Fact]
    public void MissingHosts_ReportsGR012() =>
        Assert.Equal("GR012", SpecText.AssertReports("GR012", "failoverCluster: false\n").Code.Id);

    [Fact]
    public void MissingClusterName_ReportsGR012NotGR020()
    {
        var text = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: {}\nspec:\n  hosts: []\n";

        Assert.Equal(["GR012 3:11"], SpecText.Positions(SpecText.CheckFile(text)));
    }

    [Fact]
    public void MissingHostName_ReportsGR012() =>
        SpecText.AssertReports("GR012", "hosts:\n  - gpus: []\n");

    [Fact]
    public void EmptyGpu_ReportsGR012() => SpecText.AssertReports("GR012", """
        hosts: [ { name: hv-01 } ]
        vms: [ { name: vm-01, host: hv-01, gpu: {} } ]
        """);

    [Fact]
    public void VmWithoutGpuKey_IsNotGR012() => SpecText.AssertClean("""
        hosts: [ { name: hv-01 } ]
        vms: [ { name: vm-01, host: hv-01 } ]
        """);

    [Theory]
    [InlineData("failoverCluster: yes\nhosts: []\n", "GR013 6:20")]
    [InlineData("hosts: { name: hv-01 }\n", "GR013 6:10")]
    [InlineData("hosts:\n  - hv-01\n", "GR013 7:7")]
    [InlineData("hosts:\n  - name: hv-01\n    gpus: [ { model: NVIDIA L4, count: 1, partitionCount: \"4\" } ]\n", "GR013 8:61")]
    [InlineData("hosts:\n  - name: hv-01\n    gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 2.5 } ]\n", "GR013 8:61")]
    public void ValueOfWrongType_ReportsGR013(string fragment, string expected) =>
        Assert.Contains(expected, SpecText.Positions(SpecText.Check(fragment)));

    [Fact]
    public void DocumentThatIsAList_ReportsGR013() =>
        Assert.Equal(["GR013 1:1"], SpecText.Positions(SpecText.CheckFile("- apiVersion: reconciler/v1\n")));

    [Fact]
    public void MisspeltKey_ReportsGR014WithSuggestion()
    {
        var d = SpecText.AssertReports("GR014", """
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L4, count: 1, partitionCont: 4 } ]
            """);

        Assert.Equal(new SourceLocation(SpecText.File, 8, 45), d.Location);
        Assert.Contains("did you mean 'partitionCount'?", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Hosts: []\n")]
    [InlineData("hosts: []\nstatus: {}\n")]
    [InlineData("hosts: []\npolicy: { mode: enforce, dryRun: true }\n")]
    [InlineData("hosts: []\nvms: [ { name: vm-01, host: hv-01, memory: 8GiB } ]\n")]
    public void UnknownKey_ReportsGR014(string fragment) => SpecText.AssertReports("GR014", fragment);

    [Fact]
    public void MergeKey_ReportsGR014WithAdvice()
    {
        var d = SpecText.AssertReports("GR014", """
            hosts:
              - name: hv-01
                gpus: [ { <<: { model: NVIDIA L4 }, partitionCount: 4 } ]
            """);

        Assert.Contains("merge keys are not supported", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DuplicateKey_ReportsGR015AtTheSecond()
    {
        var d = Assert.Single(SpecText.Check("""
            hosts:
              - name: hv-01
            hosts:
              - name: hv-02
            """));

        Assert.Equal("GR015 8:3", SpecText.Positions([d])[0]);
        Assert.Contains("first at line 6", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SameKeyInDifferentMappings_IsNotGR015() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
          - name: hv-02
        """);

    [Theory]
    [InlineData("policy: { mode: Enforce }\nhosts: []\n", "GR016 6:19")]
    [InlineData("policy: { mode: dryRun }\nhosts: []\n", "GR016 6:19")]
    [InlineData("policy: { shutdown: { onTimeout: kill } }\nhosts: []\n", "GR016 6:36")]
    [InlineData("hosts: [ { name: hv-01 } ]\nvms: [ { name: vm-01, host: hv-01, power: on } ]\n", "GR016 7:45")]
    [InlineData("hosts: [ { name: hv-01 } ]\nvms: [ { name: vm-01, host: hv-01, offlineAction: 3 } ]\n", "GR016 7:53")]
    public void ValueNotAllowed_ReportsGR016(string fragment, string expected) =>
        Assert.Equal([expected], SpecText.Positions(SpecText.Check(fragment)));

    [Fact]
    public void MisspeltGpuMode_ReportsOnlyGR016()
    {
        // The mode is unknown, so "partitioned but no partitionCount" (GR103) would be a guess.
        var findings = SpecText.Check("""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L4, mode: passthrough } ]
            """);

        Assert.Equal(["GR016"], findings.Select(d => d.Code.Id));
    }

    [Fact]
    public void GpuModeInWrongCase_ReportsGR016WithSuggestion() =>
        Assert.Contains("did you mean 'dda'?", SpecText.AssertReports("GR016", """
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L4, mode: DDA } ]
            """).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("partitioned, partitionCount: 4")]
    [InlineData("dda")]
    public void AllowedGpuMode_IsNotGR016(string mode) => SpecText.AssertClean($$"""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA L4, mode: {{mode}} } ]
        """);

    [Theory]
    [InlineData("4Gb")]
    [InlineData("4G")]
    [InlineData("4gib")]
    [InlineData("four GiB")]
    [InlineData("-4GiB")]
    [InlineData("4.5.1GiB")]
    public void SizeWithoutValidUnit_ReportsGR017(string vram) => Assert.Equal(["GR017 10:61"], SpecText.Positions(SpecText.Check($$"""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA A16, count: 4, partitionCount: 4 } ]
        vms:
          - { name: vm-01, host: hv-01, gpu: { partition: { vram: {{vram}} } } }
        """)));

    [Fact]
    public void SizeThatIsNotWholeBytes_ReportsGR017SayingSo()
    {
        // 3.8GiB has a number and a unit; "write a number and a unit" would send the user in a circle.
        var d = SpecText.AssertReports("GR017", """
            hosts:
              - name: hv-01
            vms:
              - { name: vm-01, host: hv-01, mmio: { low: 3.8GiB } }
            """);

        Assert.Contains("is not a whole number of bytes", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SizeTooLarge_ReportsGR017SayingSo() =>
        Assert.EndsWith("is too large", SpecText.AssertReports("GR017", """
            hosts:
              - name: hv-01
            vms:
              - { name: vm-01, host: hv-01, mmio: { high: 99999999999TiB } }
            """).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("4GiB")]
    [InlineData("4 GiB")]
    [InlineData("4096MiB")]
    [InlineData("4GB")]
    [InlineData("0.00390625TiB")]
    public void SizeWithValidUnit_IsNotGR017(string vram) => SpecText.AssertClean($$"""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA A16, count: 4, partitionCount: 4 } ]
        vms:
          - { name: vm-01, host: hv-01, gpu: { partition: { vram: {{vram}} } } }
        """);

    [Theory]
    [InlineData("5min")]
    [InlineData("300")]
    [InlineData("5 minutes")]
    [InlineData("PT5M")]
    [InlineData("1d")]
    [InlineData("1.5h")]
    public void DurationNotUnderstood_ReportsGR018(string timeout) =>
        Assert.Equal(["GR018 6:34"], SpecText.Positions(SpecText.Check($"policy: {{ shutdown: {{ timeout: {timeout} }} }}\nhosts: []\n")));

    [Theory]
    [InlineData("90s")]
    [InlineData("5m")]
    [InlineData("1h")]
    [InlineData("1h30m")]
    public void DurationUnderstood_IsNotGR018(string timeout) =>
        SpecText.AssertClean($"policy: {{ shutdown: {{ timeout: {timeout} }} }}\nhosts: []\n");

    [Theory]
    [InlineData("count: 0, partitionCount: 4", "GR019 8:43")]
    [InlineData("count: 4, partitionCount: 0", "GR019 8:62")]
    [InlineData("count: 4, partitionCount: -4", "GR019 8:62")]
    public void NumberBelowMinimum_ReportsGR019(string fields, string expected) =>
        Assert.Contains(expected, SpecText.Positions(SpecText.Check($$"""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA A16, {{fields}} } ]
            """)));

    [Theory]
    [InlineData("count: 4, partitionCount: 4294967300", "GR019 8:62")]
    [InlineData("count: 4294967300, partitionCount: 4", "GR019 8:43")]
    public void NumberBeyondInt32_ReportsGR019InsteadOfWrappingAround(string fields, string expected)
    {
        // 4294967300 cut to 32 bits is 4, a valid A16 partition count: it must not pass silently.
        var findings = SpecText.Check($$"""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA A16, {{fields}} } ]
            """);

        Assert.Equal([expected], SpecText.Positions(findings));
    }

    [Fact]
    public void HugeDdaCounts_AreReportedNotThrown()
    {
        var findings = SpecText.Check("""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L40S, count: 2147483647, mode: dda, pool: p }, { locationPath: "PCIROOT(0)#PCI(0300)", mode: dda, pool: p } ]
            vms:
              - { name: a, gpu: { dda: { pool: p, count: 2147483647 } } }
              - { name: b, gpu: { dda: { pool: p, count: 2147483647 } } }
            """);

        Assert.Contains(findings, d => d.Code == Codes.PoolCapacity);
    }

    [Fact]
    public void SummaryOfHugeCounts_DoesNotOverflow()
    {
        var file = SpecLoader.Load("huge.yaml", SpecText.Wrap("""
            hosts:
              - name: hv-01
                gpus: [ { model: NVIDIA L40S, count: 2147483647, mode: dda }, { model: NVIDIA L40S, count: 2147483647, mode: dda } ]
            """));

        Assert.Contains("4294967294 NVIDIA L40S DDA", ClusterSummary.Of(Assert.Single(file.Clusters)).Gpus);
    }

    [Fact]
    public void NumberInRange_IsNotGR019() => SpecText.AssertClean("""
        hosts:
          - name: hv-01
            gpus: [ { model: NVIDIA A16, count: 4, partitionCount: 16 } ]
        """);
}
