using Reconciler.Checks;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Tests.Checks;

public sealed class InventoryChecksTests
{
    private static ObservedGpu Gpu(string path, string model = "NVIDIA A16", GpuStatus status = GpuStatus.Partitioned, int count = 4) =>
        new(path, "PCI\\VEN_10DE&DEV_25B6\\" + path, model, status, new[] { 1, 2, 4, 8, 16 }.ToValueList(), count,
            new GpuCapacity(new ResourceAmount(16UL << 30, 16UL << 30), default, default, default));

    private static ObservedHost Host(string name, string? driver, params ObservedGpu[] gpus) =>
        new(name, gpus.ToValueList(), ValueList<ObservedVm>.Empty, driver is null ? null : DriverVersion.TryParse(driver, out var v) ? v : null);

    private static ObservedCluster Cluster(bool failover, params ObservedHost[] hosts) =>
        new("store-042", failover, hosts.ToValueList(), ValueList<ObservedPool>.Empty);

    [Fact]
    public void AcrossHosts_FailoverClusterWithTwoPartitionCounts_FailsNamingEachHost()
    {
        var cluster = Cluster(true, Host("hv-01", "580.86", Gpu("A"), Gpu("B")), Host("hv-02", "580.86", Gpu("A", count: 2)));

        var result = InventoryChecks.AcrossHosts(cluster).Single(c => c.Id == "homogeneity.partitionCount");

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("4 on hv-01; 2 on hv-02", result.Detail);
        Assert.Contains("Set-VMHostPartitionableGpu", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void AcrossHosts_FailoverClusterWithTwoModels_Fails()
    {
        var cluster = Cluster(true, Host("hv-01", "580.86", Gpu("A")), Host("hv-02", "580.86", Gpu("A", model: "NVIDIA L4")));

        var result = InventoryChecks.AcrossHosts(cluster).Single(c => c.Id == "homogeneity.model");

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("NVIDIA A16 on hv-01; NVIDIA L4 on hv-02", result.Detail);
    }

    [Fact]
    public void AcrossHosts_StandaloneHostsThatDiffer_AreAllowed()
    {
        var cluster = Cluster(false, Host("hv-01", "580.86", Gpu("A")), Host("hv-02", "580.86", Gpu("A", count: 2)));

        var results = InventoryChecks.AcrossHosts(cluster);

        Assert.DoesNotContain(results, r => r.Status == CheckStatus.Fail);
        Assert.Equal(CheckStatus.Skip, results.Single(c => c.Id == "homogeneity.partitionCount").Status);
    }

    [Fact]
    public void AcrossHosts_DifferentHostDrivers_WarnsWithoutFailing()
    {
        var cluster = Cluster(true, Host("hv-01", "580.86", Gpu("A")), Host("hv-02", "570.12", Gpu("A")));

        var result = InventoryChecks.AcrossHosts(cluster).Single(c => c.Id == "homogeneity.driver");

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Equal("580.86 on hv-01; 570.12 on hv-02", result.Detail);
    }

    [Fact]
    public void AcrossHosts_PoolWithTwoModels_Fails()
    {
        var cluster = Cluster(true, Host("hv-01", null, Gpu("A", status: GpuStatus.Dismounted)), Host("hv-02", null, Gpu("B", model: "NVIDIA L4", status: GpuStatus.Dismounted))) with
        {
            Pools = new[] { new ObservedPool("inference", new[] { "hv-01", "hv-02" }.ToValueList(), new[] { new PoolMember("hv-01", "A"), new PoolMember("hv-02", "B") }.ToValueList()) }.ToValueList(),
        };

        var result = InventoryChecks.AcrossHosts(cluster).Single(c => c.Id == "homogeneity.pool");

        Assert.Equal(CheckStatus.Fail, result.Status);
    }

    [Fact]
    public void ForHost_ParavirtualizationGpu_WarnsToEnableSrIov()
    {
        var gpus = InventoryChecks.ForHost(Host("hv-01", "580.86", Gpu("A", status: GpuStatus.Paravirtualization))).Single(c => c.Id == "gpus");

        Assert.Equal(CheckStatus.Warn, gpus.Status);
        Assert.Contains("SR-IOV", gpus.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Inventory_ListsEachGpuWithTheStatusWacShows()
    {
        var cluster = Cluster(false, Host("hv-01", "580.86", Gpu("A"), Gpu("B", status: GpuStatus.Dismounted), Gpu("C", status: GpuStatus.Paravirtualization), Gpu("D", status: GpuStatus.NotAssignable)));

        var lines = InventoryChecks.Inventory(cluster);

        Assert.Equal(["Partitioned", "Ready for DDA assignment", "Paravirtualization", "Not assignable"], lines.Select(l => l.Status));
        Assert.Equal([4, null, null, null], lines.Select(l => l.PartitionCount));
        Assert.All(lines, l => Assert.Equal("580.86", l.HostDriver));
    }

    [Fact]
    public void ForHost_HostDown_FailsTheInventory()
    {
        var gpus = InventoryChecks.ForHost(Host("hv-01", "580.86", Gpu("A")) with { State = HostState.Down }).Single(c => c.Id == "gpus");

        Assert.Equal(CheckStatus.Fail, gpus.Status);
        Assert.Contains("is down", gpus.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_AllHomogeneous_Passes()
    {
        var report = InventoryChecks.Report(Cluster(true, Host("hv-01", "580.86", Gpu("A")), Host("hv-02", "580.86", Gpu("A"))), "sim");

        Assert.True(report.Passed);
        Assert.Equal(["gpus", "driver"], report.Hosts[0].Checks.Select(c => c.Id));
    }
}
