using Reconciler.Diagnostics;

namespace Reconciler.Tests.Validation;

/// <summary>GR108-GR110, GR112: failover clusters need one GPU model and one partition count on every node; DDA pools one model.</summary>
public class HomogeneityRulesTests
{
    private static string Cluster(bool failover, params string[] gpusPerHost) =>
        $"failoverCluster: {(failover ? "true" : "false")}\nhosts:\n" +
        string.Concat(gpusPerHost.Select((g, i) => $"  - name: hv-0{i + 1}\n    gpus: [ {g} ]\n"));

    [Fact]
    public void FailoverClusterWithTwoModels_ReportsGR108AtTheOddOne()
    {
        var d = Assert.Single(SpecText.Check(Cluster(true,
            "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A2, partitionCount: 4 }")));

        Assert.Equal("GR108 13:24", SpecText.Positions([d])[0]);
        Assert.Contains("host hv-03 has NVIDIA A2 GPUs while the failover cluster's other partitioned GPUs are NVIDIA A16", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FailoverClusterWithOneModelSpeltTwoWays_IsNotGR108() => SpecText.AssertClean(Cluster(true,
        "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: a16, partitionCount: 4 }"));

    [Fact]
    public void StandaloneHostsWithTwoModels_AreNotGR108() => SpecText.AssertClean(Cluster(false,
        "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A2, partitionCount: 4 }"));

    [Fact]
    public void FailoverClusterWithTwoModelsDda_IsNotGR108() => SpecText.AssertClean(Cluster(true,
        "{ model: NVIDIA L40S, mode: dda }", "{ model: NVIDIA L4, mode: dda }"));

    [Fact]
    public void FailoverClusterWithTwoPartitionCounts_ReportsGR109AtTheOddOne() =>
        Assert.Equal(["GR109 11:52"], SpecText.Positions(SpecText.Check(Cluster(true,
            "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, partitionCount: 8 }", "{ model: NVIDIA A16, partitionCount: 4 }"))));

    [Fact]
    public void FailoverClusterTie_ReportsGR109AgainstTheFirstCount()
    {
        var d = Assert.Single(SpecText.Check(Cluster(true, "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, partitionCount: 8 }")));

        Assert.Contains("partitionCount 8 on host hv-02 differs from the cluster's 4", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StandaloneHostsWithTwoPartitionCounts_AreNotGR109() => SpecText.AssertClean(Cluster(false,
        "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, partitionCount: 8 }"));

    [Fact]
    public void FailoverNodeWithoutPartitionedGpu_ReportsGR110Warning()
    {
        var findings = SpecText.Check(Cluster(true,
            "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, mode: dda }") + "  - name: hv-03\n");

        Assert.All(findings, d => Assert.Equal(Severity.Warning, d.Severity));
        Assert.Equal(["GR110 10:7", "GR110 12:7"], SpecText.Positions(findings));
    }

    [Fact]
    public void FailoverNodesAllPartitioned_AreNotGR110() => SpecText.AssertClean(Cluster(true,
        "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, partitionCount: 4 }"));

    [Fact]
    public void FailoverNodesAllDda_AreNotGR110() => SpecText.AssertClean(Cluster(true,
        "{ model: NVIDIA L40S, mode: dda }", "{ model: NVIDIA L40S, mode: dda }"));

    [Fact]
    public void StandaloneHostWithoutPartitionedGpu_IsNotGR110() => SpecText.AssertClean(Cluster(false,
        "{ model: NVIDIA A16, partitionCount: 4 }", "{ model: NVIDIA A16, mode: dda }"));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void PoolWithTwoModels_ReportsGR112(bool failover) =>
        Assert.Equal(["GR112 11:24"], SpecText.Positions(SpecText.Check(Cluster(failover,
            "{ model: NVIDIA L40S, mode: dda, pool: inference }", "{ model: NVIDIA L40, mode: dda, pool: inference }"))));

    [Fact]
    public void TwoPoolsWithOneModelEach_AreNotGR112() => SpecText.AssertClean(Cluster(true,
        "{ model: NVIDIA L40S, mode: dda, pool: big }", "{ model: NVIDIA L40S, mode: dda, pool: big }\n      - { model: NVIDIA L4, mode: dda, pool: small }".Replace("\n      - ", " ,", StringComparison.Ordinal)));
}
