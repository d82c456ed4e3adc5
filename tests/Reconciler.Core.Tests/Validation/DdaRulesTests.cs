namespace Reconciler.Tests.Validation;

/// <summary>GR208-GR211: a DDA GPU serves one VM, is declared DDA on its host, and pools have room for every request.</summary>
public class DdaRulesTests
{
    private const string Path3 = "PCIROOT(0)#PCI(0300)#PCI(0000)";

    private static string DdaHost(string gpus = $$"""[ { locationPath: "{{Path3}}", mode: dda } ]""") =>
        $"hosts:\n  - name: hv-01\n    gpus: {gpus}\n";

    private static string WithVms(string hosts, params string[] vms) => hosts + "vms:\n" + string.Concat(vms.Select(v => $"  - {v}\n"));

    [Fact]
    public void SameDdaGpuForTwoVms_ReportsGR208AtTheSecond()
    {
        var d = Assert.Single(SpecText.Check(WithVms(DdaHost(),
            $$"""{ name: vm-01, host: hv-01, gpu: { dda: { locationPath: "{{Path3}}" } } }""",
            $$"""{ name: vm-02, host: hv-01, gpu: { dda: { locationPath: "{{Path3.ToLowerInvariant()}}" } } }""")));

        Assert.Equal("GR208 11:63", SpecText.Positions([d])[0]);
        Assert.Contains("already passed through to VM vm-01", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SamePathOnTwoHosts_IsNotGR208() => SpecText.AssertClean(WithVms(
        DdaHost() + $$"""  - { name: hv-02, gpus: [ { locationPath: "{{Path3}}", mode: dda } ] }""" + "\n",
        $$"""{ name: vm-01, host: hv-01, gpu: { dda: { locationPath: "{{Path3}}" } } }""",
        $$"""{ name: vm-02, host: hv-02, gpu: { dda: { locationPath: "{{Path3}}" } } }"""));

    [Fact]
    public void DdaPathPartitionedOnHost_ReportsGR209()
    {
        var d = Assert.Single(SpecText.Check(WithVms(DdaHost($$"""[ { locationPath: "{{Path3}}", partitionCount: 4 } ]"""),
            $$"""{ name: vm-01, host: hv-01, gpu: { dda: { locationPath: "{{Path3}}" } } }""")));

        Assert.Equal("GR209 10:63", SpecText.Positions([d])[0]);
        Assert.Contains("host hv-01 partitions it (line 8); set mode: dda on that GPU", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DdaPathNotDeclared_ReportsGR209WithTheEntryToAdd()
    {
        var d = Assert.Single(SpecText.Check(WithVms(DdaHost("[]"),
            $$"""{ name: vm-01, host: hv-01, gpu: { dda: { locationPath: "{{Path3}}" } } }""")));

        Assert.Equal("GR209", d.Code.Id);
        Assert.Contains($$"""add { locationPath: "{{Path3}}", mode: dda } under hosts[hv-01].gpus""", d.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData($$"""[ { locationPath: "{{Path3}}", mode: dda } ]""")]
    [InlineData("[ { model: NVIDIA L40S, mode: dda } ]")]
    public void DdaPathDeclaredOrCoveredByDdaModel_IsNotGR209(string gpus) => SpecText.AssertClean(WithVms(DdaHost(gpus),
        $$"""{ name: vm-01, host: hv-01, gpu: { dda: { locationPath: "{{Path3}}" } } }"""));

    [Fact]
    public void UnknownPool_ReportsGR210WithSuggestion()
    {
        var d = Assert.Single(SpecText.Check(WithVms(DdaHost("[ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]"),
            "{ name: vm-01, gpu: { dda: { pool: inferense } } }")));

        Assert.Equal("GR210 10:42", SpecText.Positions([d])[0]);
        Assert.EndsWith("which no GPU in spec.hosts belongs to; did you mean 'inference'?", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownPoolUnlikeAnyOther_ReportsGR210WithTheEntryToAdd() =>
        Assert.EndsWith("; add pool: training to DDA GPUs", SpecText.AssertReports("GR210", WithVms(
            DdaHost("[ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]"),
            "{ name: vm-01, gpu: { dda: { pool: training } } }")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("inference")]
    [InlineData("Inference")]
    public void KnownPoolInAnyCase_IsNotGR210(string pool) => SpecText.AssertClean(WithVms(
        DdaHost("[ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ]"),
        $"{{ name: vm-01, gpu: {{ dda: {{ pool: {pool} }} }} }}"));

    [Fact]
    public void VmWantingMoreGpusThanAnyNodeHas_ReportsGR211AtCount()
    {
        var hosts = "hosts:\n" +
            "  - { name: hv-01, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n" +
            "  - { name: hv-02, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n";

        var d = Assert.Single(SpecText.Check(WithVms(hosts, "{ name: vm-01, gpu: { dda: { pool: inference, count: 3 } } }")));

        Assert.Equal("GR211 10:60", SpecText.Positions([d])[0]);
        Assert.Contains("no node has more than 2 in it", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolRequestsOverCapacity_ReportsGR211AtTheLastRequest()
    {
        var hosts = "hosts:\n" +
            "  - { name: hv-01, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n" +
            "  - { name: hv-02, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n";

        var d = Assert.Single(SpecText.Check(WithVms(hosts,
            "{ name: llm-01, gpu: { dda: { pool: inference, count: 2 } } }",
            "{ name: llm-02, gpu: { dda: { pool: inference, count: 2 } } }",
            "{ name: embed-01, gpu: { dda: { pool: inference } } }")));

        Assert.Equal("GR211 12:37", SpecText.Positions([d])[0]);
        Assert.Contains("pool inference has 4 GPUs across the cluster, but its VMs ask for 5 (llm-01: 2, llm-02: 2, embed-01: 1)", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PoolRequestsWithinCapacity_AreNotGR211() => SpecText.AssertClean(WithVms(
        "hosts:\n" +
        "  - { name: hv-01, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n" +
        "  - { name: hv-02, gpus: [ { model: NVIDIA L40S, count: 2, mode: dda, pool: inference } ] }\n",
        "{ name: llm-01, gpu: { dda: { pool: inference, count: 2 } } }",
        "{ name: embed-01, gpu: { dda: { pool: inference } } }",
        "{ name: embed-02, gpu: { dda: { pool: inference } } }"));

    [Fact]
    public void PoolOfModelSelectorsWithoutCount_IsNotGR211()
    {
        // How many GPUs "every L40S" is becomes known only on the hosts.
        SpecText.AssertClean(WithVms(DdaHost("[ { model: NVIDIA L40S, mode: dda, pool: inference } ]"),
            "{ name: llm-01, gpu: { dda: { pool: inference, count: 8 } } }"));
    }
}
