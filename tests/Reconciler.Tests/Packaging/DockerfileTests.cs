using System.Text.RegularExpressions;
using System.Xml.Linq;
using Reconciler.Http;
using Reconciler.Settings;
using Reconciler.Tests.Cli;

namespace Reconciler.Tests.Packaging;

/// <summary>
/// No Docker engine exists here, so the image cannot be built in CI; these tests keep the
/// Dockerfile's invariants true by reading it.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly string[] Lines = File.ReadAllLines(Path.Combine(ReconcilerProcess.RepoRoot, "Dockerfile"));

    private static IEnumerable<string> Instructions(string name) =>
        Lines.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal));

    private static List<string> FinalStage()
    {
        var start = Array.FindLastIndex(Lines, l => l.StartsWith("FROM ", StringComparison.Ordinal));
        return [.. Lines.Skip(start)];
    }

    [Fact]
    public void BaseImages_ArePinnedToExactPatchTags()
    {
        var froms = Instructions("FROM").ToList();

        Assert.Equal(2, froms.Count);
        Assert.All(froms, f => Assert.Matches(PinnedImage(), f));
        Assert.DoesNotContain(froms, f => f.Contains(":latest", StringComparison.Ordinal));
    }

    [Fact]
    public void FinalStage_RunsAsANonRootUser()
    {
        var user = Assert.Single(FinalStage(), l => l.StartsWith("USER ", StringComparison.Ordinal));

        var id = user["USER ".Length..].Split(':')[0].Trim();
        Assert.NotEqual("0", id);
        Assert.NotEqual("root", id);
    }

    [Fact]
    public void Entrypoint_PortAndHealthcheck_MatchTheService()
    {
        var stage = string.Join('\n', FinalStage());
        var defaultPort = new Uri(new HttpSettings().Listen).Port;

        Assert.Contains("ENTRYPOINT [\"dotnet\", \"/app/reconciler.dll\", \"run\"]", stage, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {defaultPort}", stage, StringComparison.Ordinal);
        Assert.Contains($"Reconciler__Http__Listen=http://0.0.0.0:{defaultPort}", stage, StringComparison.Ordinal);
        Assert.Matches(new Regex($@"HEALTHCHECK[^\n]*\n[^\n]*http://127\.0\.0\.1:{defaultPort}{HttpApi.HealthPath}"), stage);
    }

    [Fact]
    public void FinalStage_InstallsWhatSshAndSignatureChecksNeed_AndNoGitClient()
    {
        var packages = FinalStage().Single(l => l.Contains("apt-get install", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // Fetching and reading specs is in process (LibGit2Sharp); ssh:// runs the ssh binary,
        // signatures are checked by gpg and ssh-keygen (src/Reconciler.Git/SignatureChecker.cs).
        Assert.DoesNotContain("git", packages);
        Assert.Contains("openssh-client", packages);
        Assert.Contains("gnupg", packages);
        Assert.Contains("ca-certificates", packages);
    }

    [Fact]
    public void Image_CarriesNoSecrets()
    {
        foreach (var line in Lines.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal) || l.StartsWith("ARG ", StringComparison.Ordinal) || l.StartsWith("    ", StringComparison.Ordinal)))
        {
            Assert.DoesNotMatch(SecretSetting(), line);
        }

        Assert.DoesNotContain(Instructions("COPY"), c => c.Contains(".pem", StringComparison.Ordinal) || c.Contains(".key", StringComparison.Ordinal) || c.Contains(".env", StringComparison.Ordinal));
    }

    [Fact]
    public void RestoreLayer_CopiesEveryProjectTheExecutableReferences()
    {
        var projects = new HashSet<string>(StringComparer.Ordinal);
        Collect("src/Reconciler/Reconciler.csproj", projects);
        var copies = string.Join('\n', Instructions("COPY"));

        Assert.All(projects, p => Assert.Contains($"COPY {p} ", copies, StringComparison.Ordinal));
    }

    private static void Collect(string project, HashSet<string> projects)
    {
        if (!projects.Add(project))
        {
            return;
        }

        var directory = Path.GetDirectoryName(project)!;
        foreach (var reference in XDocument.Load(Path.Combine(ReconcilerProcess.RepoRoot, project)).Descendants("ProjectReference"))
        {
            var path = Path.GetRelativePath(ReconcilerProcess.RepoRoot, Path.GetFullPath(Path.Combine(ReconcilerProcess.RepoRoot, directory, reference.Attribute("Include")!.Value.Replace('\\', '/'))));
            Collect(path.Replace('\\', '/'), projects);
        }
    }

    [GeneratedRegex(@"^FROM [a-z0-9./-]+:\d+\.\d+\.\d+(-[a-z0-9]+)?( AS \w+)?$")]
    private static partial Regex PinnedImage();

    [GeneratedRegex(@"(?i)(password|secret|token|apikey)[A-Za-z_]*=\S+")]
    private static partial Regex SecretSetting();
}
