namespace Reconciler.Tests;

/// <summary>
/// Golden files: output committed next to the test and compared byte for byte. They pin behaviour
/// across refactors (performance work must not change a plan or a diagnostic). With
/// RECONCILER_UPDATE_GOLDEN=1 the test rewrites the file in the source tree instead; review the
/// diff before committing it.
/// </summary>
internal static class Golden
{
    public static void AssertMatches(string relativePath, string actual)
    {
        var path = RepoRoot.File(relativePath);
        actual = actual.ReplaceLineEndings("\n");
        if (Environment.GetEnvironmentVariable("RECONCILER_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"no golden file {relativePath}; run the test once with RECONCILER_UPDATE_GOLDEN=1");
        var expected = File.ReadAllText(path).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            return;
        }

        var e = expected.Split('\n');
        var a = actual.Split('\n');
        var line = 0;
        while (line < e.Length && line < a.Length && e[line] == a[line])
        {
            line++;
        }

        Assert.Fail($"{relativePath} differs first at line {line + 1}:\nexpected: {(line < e.Length ? e[line] : "(end)")}\nactual:   {(line < a.Length ? a[line] : "(end)")}");
    }
}
