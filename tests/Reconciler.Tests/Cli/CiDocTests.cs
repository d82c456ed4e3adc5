using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Reconciler.Testing.Git;

namespace Reconciler.Tests.Cli;

/// <summary>
/// docs/ci.md's workflows run the <c>reconciler</c> command lines exactly as written here, in a
/// pull request's merge checkout (HEAD^1 the target, HEAD the change): the doc cannot drift from the tool.
/// </summary>
public sealed partial class CiDocTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    public static TheoryData<string> Workflows() => ["GitHub Actions", "Azure Pipelines"];

    /// <summary>The reconciler command lines of the first yaml block under the section <paramref name="heading"/>.</summary>
    private static List<string> Commands(string heading)
    {
        var doc = File.ReadAllText(Path.Combine(ReconcilerProcess.RepoRoot, "docs", "ci.md")).ReplaceLineEndings("\n");
        var start = doc.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/ci.md has no section '## {heading}'");
        var block = YamlBlock().Match(doc, start);
        Assert.True(block.Success, $"docs/ci.md: '{heading}' has no ```yaml block");
        return [.. block.Groups[1].Value.Split('\n').Select(l => CommandLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim())];
    }

    /// <summary>Runs one line as a shell would for these simple commands: words, double quotes, and "> file".</summary>
    private ReconcilerProcess.Result RunLine(string line)
    {
        Assert.DoesNotMatch(@"[$|;&`]", line); // the doc's lines must run as they are, with nothing for a shell to expand
        var words = new List<string>();
        foreach (Match word in Word().Matches(line))
        {
            words.Add(word.Groups[1].Success ? word.Groups[1].Value : word.Groups[2].Value);
        }

        string? redirect = null;
        var arrow = words.IndexOf(">");
        if (arrow >= 0)
        {
            redirect = words[arrow + 1];
            words.RemoveRange(arrow, 2);
        }

        Assert.Equal("reconciler", words[0]);
        var result = ReconcilerProcess.Run(_repo.Directory, [.. words.Skip(1)]);
        if (redirect is not null)
        {
            File.WriteAllText(Path.Combine(_repo.Directory, redirect), result.Output, new UTF8Encoding(false));
        }

        return result;
    }

    /// <summary>A base commit with the store example, then a head that moves a VM to another GPU (or breaks the spec).</summary>
    private void PullRequest(bool validHead)
    {
        var text = File.ReadAllText(Path.Combine(ReconcilerProcess.RepoRoot, "specs", "examples", "edge-store.yaml"));
        _repo.Write("specs/examples/edge-store.yaml", text);
        _repo.Commit("base");
        var head = validHead
            ? text.Replace("gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", vram: 6GiB", StringComparison.Ordinal)
            : text.Replace("maxUnavailable: 1", "maxUnavailable: lots", StringComparison.Ordinal);
        Assert.NotEqual(text, head);
        _repo.Write("specs/examples/edge-store.yaml", head);
        _repo.Commit("head");
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_RunsValidateThenDiff(string workflow)
    {
        var commands = Commands(workflow);

        Assert.Equal(2, commands.Count);
        Assert.StartsWith("reconciler validate ", commands[0], StringComparison.Ordinal);
        Assert.StartsWith("reconciler diff ", commands[1], StringComparison.Ordinal);
        Assert.Contains("--base HEAD^1 --head HEAD", commands[1], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_OnAValidChange_PassesAndLeavesTheReviewAndThePictures(string workflow)
    {
        PullRequest(validHead: true);

        var results = Commands(workflow).Select(RunLine).ToList();

        Assert.All(results, r => Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Error}"));
        var review = File.ReadAllText(Path.Combine(_repo.Directory, "review.md"));
        Assert.StartsWith("**Reconciler review** ", review, StringComparison.Ordinal);
        Assert.Contains("loss-prevention", review, StringComparison.Ordinal);
        var picture = Assert.Single(Directory.GetFiles(Path.Combine(_repo.Directory, "gpu-layout"), "*.svg"));
        Assert.Equal("svg", XDocument.Load(picture).Root!.Name.LocalName);
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Workflow_OnAnInvalidHead_FailsButStillLeavesAReviewNamingTheError(string workflow)
    {
        PullRequest(validHead: false);

        var results = Commands(workflow).Select(RunLine).ToList();

        Assert.All(results, r => Assert.Equal(1, r.ExitCode));
        var review = File.ReadAllText(Path.Combine(_repo.Directory, "review.md"));
        Assert.StartsWith("**Reconciler review** ❌", review, StringComparison.Ordinal);
        Assert.Matches(@"`specs/examples/edge-store\.yaml:\d+:\d+` \*\*error\*\*", review);
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    /// <summary>"run: reconciler ...", "- script: reconciler ...", or a line of a run block that starts with reconciler.</summary>
    [GeneratedRegex(@"^\s*(?:-\s*)?(?:(?:run|script):\s*)?(reconciler\s.*)$")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"""([^""]*)""|(\S+)")]
    private static partial Regex Word();
}
