using Reconciler.Catalog;
using Reconciler.Failover;
using Reconciler.Spec;
using Reconciler.Validation;

namespace Reconciler.Tests.Failover;

public sealed class CapacityTests
{
    private static ClusterSpec Load(string yaml)
    {
        var set = SpecSet.Load([new SpecSource("spec.yaml", yaml)], GpuCatalog.Default);
        Assert.True(set.IsValid, string.Join("\n", set.Diagnostics));
        return set.Clusters[0].Spec;
    }

    /// <summary>
    /// By hand: each node has one A16 board (4 GPUs x 4 partitions of 4 GiB = 16 partitions).
    /// hv-vdi-01 runs vdi-01..06 (vdi-05, vdi-06 have unmanaged power: counted as running), so 6
    /// partitions, 10 free; hv-vdi-02 runs vdi-07..10 and cad-01 (4 GiB, pinned), 5, 11 free.
    /// hv-vdi-01 failing needs 6 of hv-vdi-02's 11; hv-vdi-02 failing needs 5 of hv-vdi-01's 10.
    /// file-01 holds no GPU and is not counted. The cluster survives any one node.
    /// </summary>
    [Fact]
    public void Of_VdiExampleSpec_EveryDesktopRestartsOnTheOtherNode()
    {
        var spec = Load(File.ReadAllText(RepoRoot.Combine("specs", "examples", "vdi-cluster.yaml")));

        var report = Capacity.Of(spec, GpuCatalog.Default);

        Assert.True(report.SurvivesAnyOneHost);
        Assert.Equal(["hv-vdi-01", "hv-vdi-02"], report.Hosts.Select(h => h.Host));
        Assert.Equal(["vdi-01", "vdi-02", "vdi-03", "vdi-04", "vdi-05", "vdi-06"], report.Hosts[0].Restartable);
        Assert.Equal(["cad-01", "vdi-07", "vdi-08", "vdi-09", "vdi-10"], report.Hosts[1].Restartable);
        Assert.All(report.Hosts, h => Assert.Empty(h.Stranded));
    }

    [Fact]
    public void Of_NodesTooFullToTakeEachOthersVms_StrandsTheOnesThatDoNotFit_InNameOrder()
    {
        var spec = Load("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: kiosk }
            spec:
              failoverCluster: true
              hosts:
                - { name: hv-a, gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 2 } ] }
                - { name: hv-b, gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 2 } ] }
              vms:
                - { name: vm-a2, host: hv-a, gpu: { partition: {} } }
                - { name: vm-a1, host: hv-a, gpu: { partition: {} } }
                - { name: vm-b1, host: hv-b, gpu: { partition: {} } }
                - { name: vm-b2, host: hv-b, gpu: { partition: {} }, power: off }
            """);

        var report = Capacity.Of(spec, GpuCatalog.Default);

        Assert.False(report.SurvivesAnyOneHost);
        Assert.Equal(["vm-a1"], report.Hosts[0].Restartable);
        Assert.Equal([new Stranded("vm-a2", StrandReasons.NoPartition(ByteSize.FromGiB(12)))], report.Hosts[0].Stranded);
        Assert.Equal([new Stranded("vm-b1", StrandReasons.NoPartition(ByteSize.FromGiB(12)))], report.Hosts[1].Stranded); // vm-b2 is off: nothing to restart
    }

    [Fact]
    public void Of_NotAFailoverCluster_StrandsEveryRunningGpuVm()
    {
        var spec = Load("""
            apiVersion: reconciler/v1
            kind: GpuCluster
            metadata: { name: loose }
            spec:
              hosts:
                - { name: hv-a, gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 4 } ] }
                - { name: hv-b, gpus: [ { model: NVIDIA L4, count: 1, partitionCount: 4 } ] }
              vms:
                - { name: vm-a1, host: hv-a, gpu: { partition: {} } }
            """);

        var report = Capacity.Of(spec, GpuCatalog.Default);

        Assert.False(report.SurvivesAnyOneHost);
        Assert.Equal([new Stranded("vm-a1", StrandReasons.NotFailoverCluster)], report.Hosts[0].Stranded);
    }

    [Fact]
    public void Of_PoolVms_RestartWhereThePoolHasFreeGpus()
    {
        var spec = Load(File.ReadAllText(RepoRoot.Combine("specs", "examples", "ai-pool-cluster.yaml")));

        var report = Capacity.Of(spec, GpuCatalog.Default);

        // 8 pool GPUs, 2 per node; 7 in use (llm-01 2, llm-02 2, embed-01 and embed-02 on hv-ai-03,
        // rerank-01; batch-01 is off): the only free one is hv-ai-04's second GPU.
        Assert.Equal(["hv-ai-01", "hv-ai-02", "hv-ai-03", "hv-ai-04"], report.Hosts.Select(h => h.Host));
        Assert.Equal([new Stranded("llm-01", StrandReasons.NoPoolGpus("inference", 2))], report.Hosts[0].Stranded);
        Assert.Equal(["embed-01"], report.Hosts[2].Restartable);
        Assert.Equal(["embed-02"], report.Hosts[2].Stranded.Select(s => s.Vm));
        Assert.Equal([new Stranded("rerank-01", StrandReasons.NoPoolGpus("inference", 1))], report.Hosts[3].Stranded);
        Assert.False(report.SurvivesAnyOneHost);
    }
}
