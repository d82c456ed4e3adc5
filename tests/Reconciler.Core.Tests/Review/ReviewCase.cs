using Reconciler.Catalog;
using Reconciler.Review;
using Reconciler.Validation;

namespace Reconciler.Tests.Review;

/// <summary>
/// A pull request made from an example spec: the base is the file as committed, the head the
/// same file with some text replaced. Every replacement must find its text, so an edit to the
/// examples cannot silently turn a case into "no change".
/// </summary>
internal sealed record ReviewCase(string Example, string BaseText, string HeadText)
{
    /// <summary>A Wednesday, 15:00 UTC: outside the example clusters' maintenance windows.</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, TimeSpan.Zero);

    public string Path => $"specs/examples/{Example}";

    public static ReviewCase Edit(string example, params (string Old, string New)[] edits)
    {
        var text = File.ReadAllText(RepoRoot.Combine("specs", "examples", example)).ReplaceLineEndings("\n");
        var head = text;
        foreach (var (old, replacement) in edits)
        {
            Assert.True(head.Contains(old, StringComparison.Ordinal), $"{example} no longer contains '{old}'; update the review case");
            head = head.Replace(old, replacement, StringComparison.Ordinal);
        }

        return new ReviewCase(example, text, head);
    }

    public SpecSet Base => SpecSet.Load([new SpecSource(Path, BaseText)], GpuCatalog.Default);

    public SpecSet Head => SpecSet.Load([new SpecSource(Path, HeadText)], GpuCatalog.Default);

    public PullRequestReview Review() =>
        ReviewBuilder.Build(Base, Head, new ReviewOptions("1111111aaaaa", "2222222bbbbb", GpuCatalog.Default, Now));
}
