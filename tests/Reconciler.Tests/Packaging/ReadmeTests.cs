using System.Text.RegularExpressions;
using Reconciler.Tests.Cli;

namespace Reconciler.Tests.Packaging;

/// <summary>
/// The README is the newcomer's first screen: its quick start gives exactly the two commands
/// (the main job and the tests), CI runs that same test command, and no link in it or in docs/
/// points at a file that is not there.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = ReconcilerProcess.RepoRoot;

    private static string Read(string relative) => File.ReadAllText(Path.Combine(Root, relative)).ReplaceLineEndings("\n");

    private static List<string> QuickStartCommands()
    {
        var readme = Read("README.md");
        var start = readme.IndexOf("\n## Quick start", StringComparison.Ordinal);
        Assert.True(start >= 0, "README has no Quick start section");
        var block = CodeBlock().Match(readme, start);
        Assert.True(block.Success, "the Quick start section has no code block");
        return [.. block.Groups[1].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('#')[0].Trim())
            .Where(l => l.Length > 0)];
    }

    [Fact]
    public void QuickStart_GivesExactlyTheMainJobAndTheTests()
    {
        var commands = QuickStartCommands();

        Assert.Equal(["dotnet run --project src/Reconciler -- run", "dotnet test Reconciler.sln"], commands);
    }

    [Fact]
    public void Ci_RunsTheReadmesTestCommand()
    {
        var ci = Read(".ci/run");

        Assert.Contains(QuickStartCommands()[1], ci, StringComparison.Ordinal);
    }

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string> { "README.md" };
        foreach (var doc in Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(Root, doc).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void RelativeLinks_PointAtFilesThatExist(string document)
    {
        var directory = Path.GetDirectoryName(Path.Combine(Root, document))!;
        var text = CodeBlock().Replace(Read(document), ""); // links inside code samples are not links

        var missing = Link().Matches(text)
            .Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value)
            .Where(target => !target.Contains("://", StringComparison.Ordinal) && !target.StartsWith('#') && !target.StartsWith("mailto:", StringComparison.Ordinal))
            .Select(target => target.Split('#')[0])
            .Where(target => !File.Exists(Path.Combine(directory, target)) && !Directory.Exists(Path.Combine(directory, target)))
            .ToList();

        Assert.True(missing.Count == 0, $"{document} links to missing files: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"```[a-z]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    // Markdown links and images, and the src of HTML images (a floated picture).
    [GeneratedRegex(@"\]\(([^)\s]+)\)|<img\s[^>]*src=""([^""]+)""")]
    private static partial Regex Link();
}
