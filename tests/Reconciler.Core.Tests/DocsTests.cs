using System.Text.RegularExpressions;
using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Validation;

namespace Reconciler.Tests;

/// <summary>docs/validation.md documents every code, no other codes, and its examples print what the doc says.</summary>
public partial class DocsTests
{
    private static readonly Lazy<string> Doc = new(() => File.ReadAllText(RepoRoot.Combine("docs", "validation.md")).ReplaceLineEndings("\n"));

    [Fact]
    public void EveryCode_HasItsHeadingWithItsTitle()
    {
        var headings = Heading().Matches(Doc.Value).Select(m => m.Value.TrimEnd()).ToHashSet(StringComparer.Ordinal);

        Assert.All(Codes.All, code => Assert.Contains($"### {code.Id}: {code.Title}", headings));
    }

    [Fact]
    public void EveryCodeHeading_AppearsOnce() =>
        Assert.All(Codes.All, code => Assert.Single(Heading().Matches(Doc.Value), m => m.Groups[1].Value == code.Id));

    [Fact]
    public void Doc_MentionsNoCodeThatDoesNotExist()
    {
        var known = Codes.All.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var unknown = CodeMention().Matches(Doc.Value).Select(m => m.Value).Where(id => !known.Contains(id)).Distinct().ToList();

        Assert.Empty(unknown);
    }

    public static TheoryData<string> DocumentedCodes() => [.. Codes.All.Select(c => c.Id)];

    /// <summary>
    /// Each section's first yaml block, validated as the file its first output line names, prints
    /// exactly the output lines the section shows: the doc cannot drift from the tool.
    /// </summary>
    [Theory]
    [MemberData(nameof(DocumentedCodes))]
    public void SectionExample_PrintsTheLinesTheSectionShows(string id)
    {
        var section = Section(id);
        var yaml = Block().Matches(section).FirstOrDefault(m => m.Groups[1].Value == "yaml");
        var text = Block().Matches(section).FirstOrDefault(m => m.Groups[1].Value == "text");
        Assert.True(text is not null, $"{id}: the section shows no output (```text block)");
        var expected = text.Groups[2].Value.TrimEnd('\n').Split('\n');
        Assert.Contains(expected, line => line.Contains($" {id}: ", StringComparison.Ordinal));
        if (yaml is null)
        {
            Assert.True(id is "GR002" or "GR005", $"{id}: the section has no ```yaml example"); // file-system findings
            return;
        }

        var file = expected[0][..expected[0].IndexOf(':', StringComparison.Ordinal)];
        var set = SpecSet.Load([new SpecSource(file, yaml.Groups[2].Value)], GpuCatalog.Default);

        Assert.Equal(expected, set.Diagnostics.Select(d => d.ToString()));
    }

    private static string Section(string id)
    {
        var start = Doc.Value.IndexOf($"\n### {id}: ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no section for {id}");
        var end = Doc.Value.IndexOf("\n### ", start + 1, StringComparison.Ordinal);
        var next = Doc.Value.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        end = new[] { end, next, Doc.Value.Length }.Where(i => i > 0).Min();
        return Doc.Value[start..end];
    }

    [GeneratedRegex(@"^### (GR[0-9]{3}): .*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"\bGR[0-9]{3}\b")]
    private static partial Regex CodeMention();

    [GeneratedRegex(@"```(\w+)\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex Block();
}
