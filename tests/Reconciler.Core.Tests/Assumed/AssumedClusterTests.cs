using Reconciler.Assumed;
using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Review;
using Reconciler.Spec;
using Reconciler.Tests.Review;
using Reconciler.Validation;

namespace Reconciler.Tests.Assumed;

/// <summary>The state a review assumes offline: the base layout applied in full, so the base plans to nothing.</summary>
public class AssumedClusterTests
{
    public static TheoryData<string> Examples() => ["edge-store.yaml", "vdi-cluster.yaml", "ai-pool-cluster.yaml"];

    private static ClusterSpec Load(string example) =>
        Assert.Single(SpecSet.Load([new SpecSource(example, File.ReadAllText(RepoRoot.Combine("specs", "examples", example)))], GpuCatalog.Default).Clusters).Spec;

    [Theory]
    [MemberData(nameof(Examples))]
    public void From_EachExample_ItsOwnSpecPlansNoOperationsAndNothingBlocked(string example)
    {
        var spec = Load(example);

        var plan = Planner.Plan(spec, AssumedCluster.From(spec, spec, GpuCatalog.Default), GpuCatalog.Default, ReviewCase.Now);

        Assert.Empty(plan.Operations);
        Assert.Empty(plan.Blocked);
    }

    [Fact]
    public void From_ModelSelectorWithCount_NumbersThatManyGpus()
    {
        var spec = Load("vdi-cluster.yaml");

        var host = AssumedCluster.From(spec, spec, GpuCatalog.Default).Host("hv-vdi-01")!;

        Assert.Equal(["NVIDIA A16 #1", "NVIDIA A16 #2", "NVIDIA A16 #3", "NVIDIA A16 #4"], host.Gpus.Select(g => g.LocationPath));
        Assert.All(host.Gpus, g => Assert.Equal(4, g.PartitionCount));
    }

    [Fact]
    public void From_VmPinnedToAPathOfAModelSelectedGpu_ThatGpuTakesThePath()
    {
        var spec = Load("vdi-cluster.yaml");

        var cluster = AssumedCluster.From(spec, spec, GpuCatalog.Default);

        const string Pin = "PCIROOT(0)#PCI(0300)#PCI(0000)#PCI(0200)#PCI(0000)";
        Assert.Equal(4, cluster.Host("hv-vdi-02")!.Gpus.Count);
        Assert.Contains(cluster.Host("hv-vdi-02")!.Gpus, g => g.LocationPath == Pin);
        Assert.Equal(Pin, cluster.Vm("cad-01")!.Partition!.GpuLocationPath);
    }

    [Fact]
    public void From_VmOnlyInTheHead_ExistsOffWithoutAGpu()
    {
        var spec = Load("edge-store.yaml");
        var head = spec with { Vms = spec.Vms.Append(new VmSpec("new-vm", "edge-042", null, null, PowerIntent.Unmanaged, null, null, null, SourceMap.None)).ToValueList() };

        var vm = AssumedCluster.From(spec, head, GpuCatalog.Default).Vm("new-vm");

        Assert.NotNull(vm);
        Assert.Equal(VmPowerState.Off, vm.State);
        Assert.False(vm.HoldsGpu);
    }

    [Theory]
    [MemberData(nameof(ReviewCases.Names), MemberType = typeof(ReviewCases))]
    public void After_OfEachValidExampleChange_IsWhereTheHeadPlansNothingMore(string name)
    {
        var review = ReviewCases.ByName(name).Review();
        foreach (var cluster in review.Clusters.Where(c => c.Valid && !c.IsStuck))
        {
            var @case = ReviewCases.ByName(name);
            var head = @case.Head.Clusters.Single(c => c.Spec.Name == cluster.Cluster).Spec;
            var baseSpec = @case.Base.Clusters.Single(c => c.Spec.Name == cluster.Cluster).Spec;
            var unwindowed = head with { Policy = head.Policy with { Windows = ValueList<MaintenanceWindow>.Empty } };
            var after = PlanEffects.Apply(AssumedCluster.From(baseSpec, head, GpuCatalog.Default), cluster.Plan!.Operations);

            var again = Planner.Plan(unwindowed, after, GpuCatalog.Default, ReviewCase.Now);

            Assert.Empty(again.Operations);
        }
    }
}
