using Reconciler.Catalog;
using Reconciler.Drift;
using Reconciler.Planning;
using Reconciler.Review;
using Reconciler.Validation;

namespace Reconciler.Tests.Review;

/// <summary>Which clusters a review covers and what it says about each.</summary>
public class ReviewBuilderTests
{
    private static string Example(string name) => File.ReadAllText(RepoRoot.Combine("specs", "examples", name)).ReplaceLineEndings("\n");

    private static SpecSet Set(params (string Path, string Text)[] files) =>
        SpecSet.Load(files.Select(f => new SpecSource(f.Path, f.Text)), GpuCatalog.Default);

    private static PullRequestReview Build(SpecSet baseSet, SpecSet headSet) =>
        ReviewBuilder.Build(baseSet, headSet, new ReviewOptions("base", "head", GpuCatalog.Default, ReviewCase.Now));

    [Fact]
    public void Build_OnlyCommentsAndFormattingChanged_ReviewsNoCluster()
    {
        var text = Example("edge-store.yaml");
        var reformatted = "# a new comment\n" + text.Replace("maxUnavailable: 1", "maxUnavailable:    1   # one at a time", StringComparison.Ordinal);

        var review = Build(Set(("a.yaml", text)), Set(("a.yaml", reformatted)));

        Assert.Empty(review.Clusters);
        Assert.Contains("no cluster spec changed", review.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ClusterMovedToAnotherFile_IsNotAChange()
    {
        var text = Example("edge-store.yaml");

        var review = Build(Set(("a.yaml", text)), Set(("b.yaml", text)));

        Assert.Empty(review.Clusters);
    }

    [Fact]
    public void Build_ClusterRemoved_SaysItIsNoLongerManaged()
    {
        var review = Build(Set(("a.yaml", Example("edge-store.yaml")), ("b.yaml", Example("ai-pool-cluster.yaml"))), Set(("b.yaml", Example("ai-pool-cluster.yaml"))));

        var cluster = Assert.Single(review.Clusters);
        Assert.Equal(SpecChange.Removed, cluster.Change);
        Assert.Contains("stops managing it", cluster.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NewCluster_IsPlannedAgainstItsHardwareInFactoryState()
    {
        var review = Build(Set(), Set(("a.yaml", Example("edge-store.yaml"))));

        var cluster = Assert.Single(review.Clusters);
        Assert.Equal(SpecChange.Added, cluster.Change);
        Assert.Contains(cluster.Plan!.Operations, o => o.Kind == OperationKind.SetPartitionCount);
        Assert.Contains("new cluster", cluster.ObservedFrom, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VmGivenAnotherPreferredOwner_PlansAnOfflineMoveInTheFailoverCluster()
    {
        // In a failover cluster the spec's host is the preferred owner: changing it moves the VM offline (issue 19).
        var text = Example("vdi-cluster.yaml");
        var head = text.Replace("{ name: vdi-05, host: hv-vdi-01,", "{ name: vdi-05, host: hv-vdi-02,", StringComparison.Ordinal);
        Assert.NotEqual(text, head);

        var cluster = Assert.Single(Build(Set(("a.yaml", text)), Set(("a.yaml", head))).Clusters);

        Assert.False(cluster.IsStuck);
        var move = Assert.Single(cluster.Plan!.Operations, o => o.Kind == OperationKind.MoveVm);
        Assert.Equal(("vdi-05", "hv-vdi-01", "hv-vdi-02"), (move.Vm, move.Host, move.Arguments.TargetHost));
        Assert.Equal(["vdi-05"], cluster.Plan.Summary.VmsStopped);
    }

    [Fact]
    public void Build_FailoverClusterThatCannotLoseANode_VerdictAndPictureNameTheStrandedVms()
    {
        // ai-west uses 7 of its 8 pool GPUs (GR114): losing a node strands what ran there.
        var text = Example("ai-pool-cluster.yaml");
        var head = text.Replace("maxUnavailable: 2", "maxUnavailable: 1", StringComparison.Ordinal);
        Assert.NotEqual(text, head);

        var cluster = Assert.Single(Build(Set(("a.yaml", text)), Set(("a.yaml", head))).Clusters);

        var expected = Reconciler.Failover.Capacity.Of(Assert.Single(Set(("a.yaml", head)).Clusters).Spec, GpuCatalog.Default);
        Assert.False(expected.SurvivesAnyOneHost);
        Assert.Contains(" · ⚠️ does not survive a node loss: losing ", cluster.Verdict, StringComparison.Ordinal);
        foreach (var host in expected.Hosts.Where(h => h.Stranded.Count > 0))
        {
            Assert.Contains($"losing {host.Host} strands {string.Join(", ", host.Stranded.Select(v => v.Vm))}", cluster.Verdict, StringComparison.Ordinal);
        }

        var svg = ReviewSvg.Write(cluster);
        Assert.Contains($"After the change, the cluster {cluster.NodeLossSentence}.", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VdiExample_VerdictSaysItSurvivesTheLossOfAnyOneNode()
    {
        var text = Example("vdi-cluster.yaml");
        var head = text.Replace("maxUnavailable: 25%", "maxUnavailable: 50%", StringComparison.Ordinal);
        Assert.NotEqual(text, head);

        var cluster = Assert.Single(Build(Set(("a.yaml", text)), Set(("a.yaml", head))).Clusters);

        Assert.EndsWith(" · survives the loss of any one node", cluster.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_ClusterThatIsNotAFailoverCluster_SaysNothingAboutNodeLoss()
    {
        var text = Example("edge-store.yaml");
        var head = text.Replace("maxUnavailable: 1", "maxUnavailable: 2", StringComparison.Ordinal);
        Assert.NotEqual(text, head);

        var cluster = Assert.Single(Build(Set(("a.yaml", text)), Set(("a.yaml", head))).Clusters);

        Assert.Null(cluster.NodeLoss);
        Assert.DoesNotContain("node", cluster.Verdict, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WarningAlreadyInTheBase_IsCountedNotListedAsNew()
    {
        // Three A16 GPUs are not a whole number of boards (GR107, a warning), in both revisions.
        var text = Example("vdi-cluster.yaml").Replace("count: 4, partitionCount: 4", "count: 3, partitionCount: 4", StringComparison.Ordinal);
        var baseSet = Set(("a.yaml", text));
        Assert.Contains(baseSet.Diagnostics, d => !d.IsError);
        var head = text.Replace("maxUnavailable: 25%", "maxUnavailable: 50%", StringComparison.Ordinal);
        Assert.NotEqual(text, head);

        var review = Build(baseSet, Set(("a.yaml", head)));

        Assert.Empty(review.NewDiagnostics);
        Assert.Equal(baseSet.Diagnostics.Count, review.KnownDiagnostics);
        Assert.Single(review.Clusters);
    }

    [Fact]
    public void Build_HeadFixesAnInvalidBase_ReviewsTheFixAgainstWhatTheBaseSaid()
    {
        var broken = ReviewCases.InvalidHead;

        var review = Build(broken.Head, broken.Base); // the pull request that reverts the breakage

        Assert.True(review.HeadValid);
        var cluster = Assert.Single(review.Clusters);
        Assert.True(cluster.Valid);
        Assert.NotNull(cluster.Plan);
        Assert.NotNull(cluster.After);
    }
}
