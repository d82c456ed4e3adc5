using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Validation;

namespace Reconciler.Tests.Validation;

/// <summary>
/// Short specs for rule tests: a fragment of <c>spec:</c> (hosts, vms, policy, ...) written at
/// column 1 is indented under a fixed five-line header, so fragment line N is file line N + 5 and
/// fragment column C is file column C + 2.
/// </summary>
internal static class SpecText
{
    public const string File = "test.yaml";

    /// <summary>Lines before the fragment: apiVersion, kind, metadata, name, spec.</summary>
    public const int HeaderLines = 5;

    /// <summary>The fragment under a GpuCluster header named <paramref name="name"/>.</summary>
    public static string Wrap(string fragment, string name = "test")
    {
        var body = string.Join('\n', fragment.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? l : "  " + l));
        return $"apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata:\n  name: {name}\nspec:\n{body}\n";
    }

    /// <summary>Every finding (load and validation, errors and warnings) for a fragment.</summary>
    public static IReadOnlyList<Diagnostic> Check(string fragment) => CheckFile(Wrap(fragment));

    /// <summary>Every finding for a whole file.</summary>
    public static IReadOnlyList<Diagnostic> CheckFile(string text) =>
        SpecSet.Load([new SpecSource(File, text)], GpuCatalog.Default).Diagnostics;

    /// <summary>The codes a fragment gets, in file order.</summary>
    public static IReadOnlyList<string> Codes(string fragment) => [.. Check(fragment).Select(d => d.Code.Id)];

    /// <summary>"GR104 8:25" for each finding: code and file position.</summary>
    public static IReadOnlyList<string> Positions(IEnumerable<Diagnostic> diagnostics) =>
        [.. diagnostics.Select(d => $"{d.Code.Id} {d.Location.Line}:{d.Location.Column}")];

    /// <summary>Asserts the fragment gets <paramref name="code"/> and returns that finding.</summary>
    public static Diagnostic AssertReports(string code, string fragment)
    {
        var all = Check(fragment);
        var found = all.FirstOrDefault(d => d.Code.Id == code);
        Assert.True(found is not null, $"expected {code}, got: {Describe(all)}");
        return found;
    }

    /// <summary>Asserts the fragment does not get <paramref name="code"/>.</summary>
    public static void AssertNotReported(string code, string fragment)
    {
        var all = Check(fragment);
        Assert.True(all.All(d => d.Code.Id != code), $"did not expect {code}, got: {Describe(all)}");
    }

    /// <summary>Asserts the fragment is clean: no error and no warning at all.</summary>
    public static void AssertClean(string fragment)
    {
        var all = Check(fragment);
        Assert.True(all.Count == 0, $"expected no findings, got: {Describe(all)}");
    }

    public static string Describe(IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => d.ToString()).ToList();
        return lines.Count == 0 ? "(none)" : "\n" + string.Join('\n', lines);
    }
}
