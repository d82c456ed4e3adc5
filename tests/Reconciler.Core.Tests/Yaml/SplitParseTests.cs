using System.Globalization;
using System.Text;
using CsCheck;
using Reconciler.Diagnostics;
using Reconciler.Yaml;

namespace Reconciler.Tests.Yaml;

/// <summary>
/// A file read in two halves gives exactly the trees and findings of the one-parser read: every
/// case is read both ways (the split allowed from the first character on) and compared whole.
/// </summary>
public class SplitParseTests
{
    [Fact]
    public void Read_FleetOfFlowItems_SplitsAndMatchesThePlainRead()
    {
        var text = Fleet(40);

        Assert.NotNull(SplitParse.Find(text) is { } split ? SplitParse.Read("f.yaml", text, YamlLimits.Default, split) : null);
        AssertSameBothWays(text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("    - { name: broken\n")] // found after many batches of the tail went into the tree
    [InlineData("  policy: {}\n")]
    public void Read_LargeFleet_MatchesThePlainReadAcrossManyTailBatches(string end) =>
        AssertSameBothWays(Fleet(3000) + end);

    [Fact]
    public void Read_BlockMappingItems_SplitsAndMatchesThePlainRead()
    {
        var text = new StringBuilder("spec:\n  vms:\n");
        for (var i = 0; i < 40; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    - name: vm-{i}\n      gpu:\n        partition: {{ vram: 1GiB }}\n\n      # a comment\n");
        }

        Assert.NotNull(SplitParse.Find(text.ToString()) is { } split ? SplitParse.Read("f.yaml", text.ToString(), YamlLimits.Default, split) : null);
        AssertSameBothWays(text.ToString());
    }

    [Fact]
    public void Read_ListAtTheRoot_MatchesThePlainRead() =>
        AssertSameBothWays(string.Concat(Enumerable.Range(0, 50).Select(i => $"- item-{i}\n-\n- [a, {i}]\n")));

    [Fact]
    public void Read_AliasesInTheTailToAnchorsInTheHead_ResolveToTheSameNode()
    {
        var text = "spec:\n  defaults: &d { vram: 1GiB }\n  vms:\n" + string.Concat(Enumerable.Range(0, 60).Select(i => $"    - {{ name: vm-{i}, gpu: *d }}\n"));

        var documents = AssertSameBothWays(text);

        var spec = (MappingNode)((MappingNode)documents[0].Root!).Entries[0].Value;
        var vms = (SequenceNode)spec.Entries[1].Value;
        Assert.Same(spec.Entries[0].Value, ((MappingNode)vms.Items[^1]).Entries[1].Value);
    }

    [Fact]
    public void Read_DuplicateKeyInTheTail_IsReportedAtItsLineInTheFile()
    {
        var text = "vms:\n" + string.Concat(Enumerable.Range(0, 60).Select(i => i == 50 ? "  - { name: a, name: b }\n" : $"  - {{ name: vm-{i} }}\n"));

        AssertSameBothWays(text);
        var bag = new DiagnosticBag();
        YamlTreeReader.Read("f.yaml", text, bag, YamlLimits.Default, splitMinChars: 0);
        Assert.Equal(new SourceLocation("f.yaml", 52, 16), Assert.Single(bag.Items).Location);
    }

    [Theory]
    [InlineData("    - { name: broken\n")] // an unclosed flow mapping at the end
    [InlineData("  other: 1\n")] // the list ends before the file does
    [InlineData("    - |\n      - text that looks like an item\n    - after\n")]
    [InlineData("    - \"a quoted string\n  that spans\n  - lines\"\n")]
    [InlineData("---\n- second document\n")]
    [InlineData("    - &a x\n    - *a\n    - *undefined\n")]
    [InlineData("    - [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n")]
    [InlineData("    -\tx\n\t- y\n")]
    [InlineData("    - x\r\n    - y\r\n")]
    public void Read_UnusualTail_MatchesThePlainRead(string end) =>
        AssertSameBothWays("spec:\n  vms:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"    - {{ name: vm-{i} }}\n")) + end + "    - { name: last }\n");

    /// <summary>Lines a fleet's list may hold, the unusual ones above among them.</summary>
    private static readonly string[] Lines =
    [
        "    - { name: vm, gpu: { partition: { vram: 1GiB } } }\n", "    - name: block\n      host: hv-0\n", "    - { name: broken\n",
        "  other: 1\n", "    - |\n      - text that looks like an item\n", "    - \"a quoted string\n  that spans\n  - lines\"\n",
        "---\n- second document\n", "    - &a x\n", "    - *a\n", "    - *undefined\n", "    - [[x]]\n", "    -\tx\n", "\t- y\n",
        "    - x\r\n", "\n", "    # a comment\n", "    - - nested\n", "  vms:\n", "    - {}\n", "    - ]\n",
    ];

    /// <summary>
    /// Random lists built from those lines (CsCheck): the split read always equals the plain read.
    /// A failure shrinks to the fewest, simplest lines that still differ, and prints the seed.
    /// </summary>
    [Fact]
    public void Read_RandomListsOfOrdinaryAndUnusualLines_MatchThePlainRead() =>
        Gen.Int[0, Lines.Length - 1].Array[0, 120]
            .Select(picks => "spec:\n  vms:\n" + string.Concat(picks.Select(i => Lines[i])))
            .Sample(text => AssertSameBothWays(text), iter: 400, print: text => System.Text.Json.JsonSerializer.Serialize(text));

    [Fact]
    public void Read_TooDeepForTheLimitOnlyWithTheHead_MatchesThePlainRead()
    {
        var text = "a:\n  b:\n    c:\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"      - [[x{i}]]\n"));

        AssertSameBothWays(text, new YamlLimits { MaxDepth = 5 });
    }

    [Fact]
    public void Read_EveryCorpusFileAndExample_MatchesThePlainRead()
    {
        var files = Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Corpus"), "*.yaml")
            .Concat(Directory.EnumerateFiles(RepoRoot.Combine("specs", "examples"), "*.yaml"))
            .Concat(Directory.EnumerateFiles(RepoRoot.Combine("specs", "worlds"), "*.yaml"));
        foreach (var file in files)
        {
            AssertSameBothWays(File.ReadAllText(file));
        }
    }

    private static string Fleet(int vms) =>
        "apiVersion: reconciler/v1\nkind: GpuCluster\nspec:\n  hosts:\n    - { name: hv-0 }\n  vms:\n"
        + string.Concat(Enumerable.Range(0, vms).Select(i => $"    - {{ name: vm-{i:00}, host: hv-0, gpu: {{ partition: {{ vram: 1GiB }} }} }}\n"));

    /// <summary>Reads the text both ways and asserts the same documents, nodes, positions, sharing and findings.</summary>
    private static IReadOnlyList<YamlDocument> AssertSameBothWays(string text, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var plainBag = new DiagnosticBag();
        var plain = YamlTreeReader.Read("f.yaml", text, plainBag, limits, splitMinChars: int.MaxValue);
        var splitBag = new DiagnosticBag();
        var split = YamlTreeReader.Read("f.yaml", text, splitBag, limits, splitMinChars: 0);

        Assert.Equal(Dump(plain), Dump(split));
        Assert.Equal(plainBag.Items, splitBag.Items);
        return split;
    }

    private static string Dump(IReadOnlyList<YamlDocument> documents)
    {
        var text = new StringBuilder();
        var seen = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        foreach (var document in documents)
        {
            text.Append(CultureInfo.InvariantCulture, $"doc {document.Index} at {document.Start}: ");
            Dump(document.Root, text, seen);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void Dump(Node? node, StringBuilder text, Dictionary<Node, int> seen)
    {
        if (node is null)
        {
            text.Append("none");
            return;
        }

        if (seen.TryGetValue(node, out var id))
        {
            text.Append(CultureInfo.InvariantCulture, $"@{id}");
            return;
        }

        seen[node] = seen.Count;
        text.Append(CultureInfo.InvariantCulture, $"#{seen[node]} {node.Location.Line}:{node.Location.Column} ");
        switch (node)
        {
            case ScalarNode scalar:
                text.Append(CultureInfo.InvariantCulture, $"{(scalar.IsPlain ? "plain" : "quoted")} '{scalar.Value}'");
                break;
            case SequenceNode sequence:
                text.Append('[');
                foreach (var item in sequence.Items)
                {
                    Dump(item, text, seen);
                    text.Append(", ");
                }

                text.Append(']');
                break;
            case MappingNode mapping:
                text.Append('{');
                foreach (var (key, value) in mapping.Entries)
                {
                    Dump(key, text, seen);
                    text.Append(": ");
                    Dump(value, text, seen);
                    text.Append(", ");
                }

                text.Append('}');
                break;
        }
    }
}
