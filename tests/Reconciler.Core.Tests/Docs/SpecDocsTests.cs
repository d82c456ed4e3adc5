using System.Text.RegularExpressions;
using Reconciler.Catalog;
using Reconciler.Spec.Schema;
using Reconciler.Tests.Spec.Schema;
using Reconciler.Validation;

namespace Reconciler.Tests.Docs;

/// <summary>
/// docs/spec.md documents every object and field of the format as the code has them. Its field
/// tables sit between <c>&lt;!-- fields: Name --&gt;</c> and <c>&lt;!-- /fields --&gt;</c> and must
/// equal what <see cref="SpecFieldTables"/> renders; run the tests with RECONCILER_UPDATE_DOCS=1
/// to rewrite them after changing SpecSchema (then read the prose around them).
/// </summary>
public partial class SpecDocsTests
{
    private const string DocPath = "docs/spec.md";

    private static readonly string Text = Load();

    public static TheoryData<string> ObjectNames() => [.. JsonSchemaWriter.Reachable(SpecSchema.Document).Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(ObjectNames))]
    public void EveryObject_HasASectionWhoseTableMentionsEachField(string name)
    {
        var type = JsonSchemaWriter.Reachable(SpecSchema.Document).Single(o => o.Name == name);
        Assert.Contains($"\n### {name}\n", Text, StringComparison.Ordinal);
        var block = Blocks().GetValueOrDefault(name);
        Assert.True(block is not null, $"{DocPath} has no <!-- fields: {name} --> table");
        foreach (var field in type.Fields)
        {
            Assert.True(block.Contains($"| `{field.Key}` |", StringComparison.Ordinal), $"{DocPath} does not document {name}.{field.Key}");
        }

        Assert.True(block == SpecFieldTables.Render(type),
            $"the {name} table in {DocPath} differs from SpecSchema; run the tests with RECONCILER_UPDATE_DOCS=1 to regenerate it. Expected:\n{SpecFieldTables.Render(type)}");
    }

    [Fact]
    public void EveryTable_BelongsToAnObjectOfTheFormat()
    {
        var names = JsonSchemaWriter.Reachable(SpecSchema.Document).Select(o => o.Name);

        Assert.Equal(names.Order(StringComparer.Ordinal), Blocks().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryInPageLink_LeadsToAHeading()
    {
        var prose = CodeBlockPattern().Replace(Text, ""); // `# comments` in code blocks are no headings
        var anchors = HeadingPattern().Matches(prose).Select(m => SpecFieldTables.Anchor(m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
        var links = InPageLinkPattern().Matches(Text).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(anchors.Contains(link), $"{DocPath} links to #{link}, which is no heading"));
    }

    [Fact]
    public void AnnotatedExample_IsValidForTheLoaderAndTheSchema()
    {
        var example = Regex.Match(Text, "## A complete example.*?```yaml\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("kind: GpuCluster", example, StringComparison.Ordinal);

        var set = SpecSet.Load([new SpecSource("example.yaml", example)], GpuCatalog.Default);
        Assert.True(set.Diagnostics.Count == 0, string.Join("\n", set.Diagnostics));
        var checker = new MiniSchemaChecker(System.Text.Json.Nodes.JsonNode.Parse(JsonSchemaWriter.Write())!.AsObject());
        Assert.Empty(checker.Check(YamlToJson.Single(example)));
    }

    private static Dictionary<string, string> Blocks() =>
        BlockPattern().Matches(Text).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim('\n'));

    private static string Load()
    {
        var path = RepoRoot.File(DocPath);
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("RECONCILER_UPDATE_DOCS") == "1")
        {
            var types = JsonSchemaWriter.Reachable(SpecSchema.Document).ToDictionary(o => o.Name);
            text = BlockPattern().Replace(text, m => types.TryGetValue(m.Groups[1].Value, out var type)
                ? $"<!-- fields: {type.Name} -->\n{SpecFieldTables.Render(type)}\n<!-- /fields -->"
                : m.Value);
            File.WriteAllText(path, text);
        }

        return text;
    }

    [GeneratedRegex(@"<!-- fields: (\w+) -->(.*?)<!-- /fields -->", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();

    [GeneratedRegex(@"^#{1,6} (.+)$", RegexOptions.Multiline)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex("^```.*?^```", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlockPattern();

    [GeneratedRegex(@"\]\(#([^)]+)\)")]
    private static partial Regex InPageLinkPattern();
}
