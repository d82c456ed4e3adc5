using Reconciler.Catalog;
using Reconciler.LoopPolicy;
using Reconciler.Reconciliation;
using Reconciler.Validation;

namespace Reconciler.Tests.LoopPolicy;

public sealed class RevisionIntakeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private const string Broken = "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: [unclosed\n";

    private static string Spec(string cluster, int partitionCount = 4) => $$"""
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata:
          name: {{cluster}}
        spec:
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: {{partitionCount}} }
        """;

    private static SpecSet Set(params (string Path, string Text)[] files) =>
        SpecSet.Load(files.Select(f => new SpecSource(f.Path, f.Text)), GpuCatalog.Default);

    private static DesiredSet Good() =>
        RevisionIntake.Take(null, "r1", T0, Set(("a.yaml", Spec("lab-a")), ("b.yaml", Spec("lab-b"))), T0).Good!;

    private static string Where(Intake intake) =>
        string.Join(",", intake.Good!.Clusters.Select(c => $"{c.Name}@{c.Desired.Commit}")) + " stalled:" + string.Join(",", intake.Stalls.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string, (string, string)[], string> Cases => new()
    {
        // name, files of revision r2 (after r1 with a.yaml: lab-a, b.yaml: lab-b), clusters and stalls after it
        { "all valid: everyone moves on", [("a.yaml", Spec("lab-a", 8)), ("b.yaml", Spec("lab-b", 8))], "lab-a@r2,lab-b@r2 stalled:" },
        { "a.yaml does not parse: only lab-a stays", [("a.yaml", Broken), ("b.yaml", Spec("lab-b", 8))], "lab-a@r1,lab-b@r2 stalled:lab-a" },
        { "a.yaml parses, lab-a invalid: only lab-a stays", [("a.yaml", Spec("lab-a", 5)), ("b.yaml", Spec("lab-b", 8))], "lab-a@r1,lab-b@r2 stalled:lab-a" },
        { "a new valid file adds a cluster", [("a.yaml", Spec("lab-a")), ("b.yaml", Spec("lab-b")), ("c.yaml", Spec("lab-c"))], "lab-a@r2,lab-b@r2,lab-c@r2 stalled:" },
        { "a new broken file whose clusters are unknown: all stall", [("a.yaml", Spec("lab-a", 8)), ("b.yaml", Spec("lab-b")), ("c.yaml", Broken)], "lab-a@r1,lab-b@r1 stalled:lab-a,lab-b" },
        { "a deleted file's cluster goes", [("a.yaml", Spec("lab-a"))], "lab-a@r2 stalled:" },
        { "b.yaml redefines lab-a: b.yaml is broken, both clusters it names stall", [("a.yaml", Spec("lab-a")), ("b.yaml", Spec("lab-b") + "\n---\n" + Spec("lab-a"))], "lab-a@r1,lab-b@r1 stalled:lab-a,lab-b" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Take_Revision_StallsOnlyTheClustersOfBrokenFiles(string name, (string, string)[] files, string expected)
    {
        var intake = RevisionIntake.Take(Good(), "r2", T0.AddMinutes(1), Set(files), T0.AddMinutes(1));

        Assert.True(expected == Where(intake), $"{name}: {Where(intake)}");
    }

    [Fact]
    public void Take_BrokenFile_StallNamesItsErrorWithFileLineAndColumn()
    {
        var intake = RevisionIntake.Take(Good(), "r2", T0, Set(("a.yaml", Spec("lab-a", 5)), ("b.yaml", Spec("lab-b"))), T0);

        var stall = intake.Stalls["lab-a"];
        Assert.Equal(Reason.InvalidRevision, stall.Reason);
        Assert.Contains("a.yaml:", stall.Message, StringComparison.Ordinal);
        Assert.Single(intake.Errors);
    }

    [Fact]
    public void Take_NoSpecAtAll_StallsEveryClusterAsNoSpecs()
    {
        var intake = RevisionIntake.Take(Good(), "r2", T0, Set(), T0);

        Assert.Equal("lab-a@r1,lab-b@r1 stalled:lab-a,lab-b", Where(intake));
        Assert.All(intake.Stalls.Values, s => Assert.Equal(Reason.NoSpecs, s.Reason));
    }

    [Fact]
    public void Take_FirstRevisionWithOneBrokenFile_TheOtherFilesClustersStart()
    {
        var intake = RevisionIntake.Take(null, "r1", T0, Set(("a.yaml", Spec("lab-a", 5)), ("b.yaml", Spec("lab-b"))), T0);

        Assert.Equal("lab-b@r1 stalled:lab-a", Where(intake));
    }
}
