using Reconciler.Review;

namespace Reconciler.Tests.Review;

/// <summary>The Markdown of each example change equals its golden file (RECONCILER_UPDATE_GOLDEN=1 rewrites them).</summary>
public class ReviewMarkdownTests
{
    [Theory]
    [MemberData(nameof(ReviewCases.Names), MemberType = typeof(ReviewCases))]
    public void Write_ExampleChange_EqualsGolden(string name)
    {
        var review = ReviewCases.ByName(name).Review();

        Golden.AssertMatches($"tests/Reconciler.Core.Tests/Review/Golden/{name}.md", ReviewMarkdown.Write(review, svgUrl: "https://ci.example/artifacts"));
    }

    [Fact]
    public void Write_Repartition_FirstLineIsTheVerdictAndNamesTheRestartedVm()
    {
        var markdown = ReviewMarkdown.Write(ReviewCases.Repartition.Review());

        var first = markdown.Split('\n')[0];
        Assert.StartsWith("**Reconciler review** ", first, StringComparison.Ordinal);
        Assert.Contains("Head is valid", first, StringComparison.Ordinal);
        Assert.Contains("| loss-prevention |", markdown, StringComparison.Ordinal);
        Assert.Contains("repartitioned 4 → 2", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_InvalidHead_ListsEachNewErrorWithFileAndLine()
    {
        var review = ReviewCases.InvalidHead.Review();
        var markdown = ReviewMarkdown.Write(review);

        Assert.False(review.HeadValid);
        Assert.StartsWith("**Reconciler review** ❌ Head is invalid", markdown, StringComparison.Ordinal);
        Assert.NotEmpty(review.NewDiagnostics);
        foreach (var diagnostic in review.NewDiagnostics)
        {
            Assert.Contains($"`specs/examples/vdi-cluster.yaml:{diagnostic.Location.Line}:{diagnostic.Location.Column}`", markdown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Write_WithoutSvgUrl_EmbedsNoPicture()
    {
        Assert.DoesNotContain("![", ReviewMarkdown.Write(ReviewCases.Repartition.Review()), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WithSvgUrl_EmbedsThePictureOfEachReviewedCluster()
    {
        var markdown = ReviewMarkdown.Write(ReviewCases.VmMoved.Review(), svgUrl: "https://ci.example/run/7/");

        Assert.Contains("](https://ci.example/run/7/store-042.svg)", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_FindingQuotingAngleBrackets_ShowsThemAsTextNotHtml()
    {
        var review = ReviewCase.Edit("edge-store.yaml", ("guestOs: Windows Server 2022 }", "guestOs: \"<img src=x> OS\" }")).Review();

        var markdown = ReviewMarkdown.Write(review);

        Assert.Contains("guest OS '&lt;img src=x&gt; OS'", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", markdown, StringComparison.Ordinal);
    }
}
