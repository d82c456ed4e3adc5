using System.Text.RegularExpressions;
using Reconciler.Catalog;
using Reconciler.Validation;

namespace Reconciler.Tests.Validation;

/// <summary>
/// The corpus: specs with the mistakes operators make, each declaring in its leading comments
/// exactly what validation must report (<c># expect: GR104 12:25</c>, one line per finding,
/// errors and warnings). And the shipped examples, which must be spotless.
/// </summary>
public partial class CorpusTests
{
    private static readonly string CorpusDir = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static TheoryData<string> CorpusFiles() =>
        [.. Directory.EnumerateFiles(CorpusDir, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Corpus_HasAtLeast25Files() => Assert.True(CorpusFiles().Count >= 25, $"{CorpusFiles().Count} corpus files");

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFile_ReportsExactlyTheExpectedFindings(string name)
    {
        var text = File.ReadAllText(Path.Combine(CorpusDir, name));
        var expected = Expectations(text);
        Assert.True(expected.Count > 0, $"{name} declares no '# expect: GRnnn line:col' line");

        var set = SpecSet.Load([new SpecSource(name, text)], GpuCatalog.Default);

        var actual = SpecText.Positions(set.Diagnostics).Order(StringComparer.Ordinal).ToList();
        Assert.True(
            expected.SequenceEqual(actual),
            $"{name}\nexpected:\n  {string.Join("\n  ", expected)}\nactual:{SpecText.Describe(set.Diagnostics)}");
    }

    /// <summary>
    /// The one finding allowed: ai-west is packed on purpose (7 of its 8 pool GPUs in use), so it
    /// cannot absorb the loss of a node, which its comment says and GR114 warns about, once per node.
    /// </summary>
    [Fact]
    public void Examples_ValidateWithoutErrorsOrWarnings_ButThePackedPoolClustersNodeLossWarnings()
    {
        var files = Directory.EnumerateFiles(RepoRoot.Combine("specs", "examples"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);

        var set = SpecSet.Load(files.Select(f => new SpecSource(Path.GetFileName(f), File.ReadAllText(f))), GpuCatalog.Default);

        var findings = set.Diagnostics.Where(d => !(d.Code == Reconciler.Diagnostics.Codes.NodeLossStrands && d.Location.File == "ai-pool-cluster.yaml")).ToList();
        Assert.True(findings.Count == 0, $"examples have findings:{SpecText.Describe(findings)}");
        Assert.Equal(4, set.Diagnostics.Count);
        Assert.Equal(files.Count, set.Clusters.Count);
        Assert.All(set.Clusters, c => Assert.True(c.IsValid, c.Spec.Name));
    }

    /// <summary>The sorted "GR104 12:25" lines of the file's leading comment block.</summary>
    private static List<string> Expectations(string text) =>
    [
        .. text.ReplaceLineEndings("\n").Split('\n')
            .TakeWhile(line => line.StartsWith('#'))
            .Select(line => ExpectLine().Match(line))
            .Where(m => m.Success)
            .Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}")
            .Order(StringComparer.Ordinal),
    ];

    [GeneratedRegex(@"^# expect: (GR[0-9]{3}) ([0-9]+:[0-9]+)\s*$")]
    private static partial Regex ExpectLine();
}
