using System.Text.RegularExpressions;

namespace Reconciler.Tests.Review;

/// <summary>docs/review.md's sample is the golden Markdown of the VM-moved case, so the doc shows what the tool prints.</summary>
public partial class ReviewDocTests
{
    [Fact]
    public void Sample_EqualsTheVmMovedGoldenFile()
    {
        var doc = File.ReadAllText(RepoRoot.Combine("docs", "review.md")).ReplaceLineEndings("\n");
        var golden = File.ReadAllText(RepoRoot.Combine("tests", "Reconciler.Core.Tests", "Review", "Golden", "vm-moved.md")).ReplaceLineEndings("\n");

        var sample = MarkdownBlock().Match(doc);

        Assert.True(sample.Success, "docs/review.md has no ```markdown sample");
        Assert.Equal(golden, sample.Groups[1].Value);
    }

    [GeneratedRegex(@"```markdown\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex MarkdownBlock();
}
