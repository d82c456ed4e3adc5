using System.Xml.Linq;
using Reconciler.HyperV.Fake;
using Reconciler.Testing.Git;

namespace Reconciler.Tests.Cli;

/// <summary><c>reconciler diff</c> run as a user runs it, against a real git repository with a base and a head commit.</summary>
public sealed class DiffCommandTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private static string Example(string name) => File.ReadAllText(Path.Combine(ReconcilerProcess.RepoRoot, "specs", "examples", name));

    /// <summary>Commits the example, then the example with <paramref name="old"/> replaced; returns the two commit ids.</summary>
    private (string Base, string Head) TwoCommits(string example, string old, string replacement)
    {
        var text = Example(example);
        Assert.Contains(old, text, StringComparison.Ordinal);
        _repo.Write($"specs/examples/{example}", text);
        var first = _repo.Commit("base");
        _repo.Write($"specs/examples/{example}", text.Replace(old, replacement, StringComparison.Ordinal));
        return (first, _repo.Commit("head"));
    }

    private ReconcilerProcess.Result Diff(params string[] args) => ReconcilerProcess.Run(_repo.Directory, ["diff", "--repo", _repo.Directory, .. args]);

    [Fact]
    public void Diff_VmPinnedToAnotherGpu_PrintsTheReviewWritesThePictureAndExitsZero()
    {
        var (first, second) = TwoCommits("edge-store.yaml", "gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", vram: 6GiB");

        var result = Diff("--base", first, "--head", second, "--svg", "pictures", "--svg-url", "https://ci.example/7");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("**Reconciler review** ", result.Output, StringComparison.Ordinal);
        Assert.Contains($"Base `{first[..12]}` → head `{second[..12]}`", result.Output, StringComparison.Ordinal);
        Assert.Contains("| loss-prevention | partition of GPU 2 (6 GiB), Running | partition of GPU 1 (6 GiB), Running | **shut down and restarted** |", result.Output, StringComparison.Ordinal);
        Assert.Contains("![store-042: GPU layout before and after](https://ci.example/7/store-042.svg)", result.Output, StringComparison.Ordinal);
        var svg = XDocument.Load(Path.Combine(_repo.Directory, "pictures", "store-042.svg"));
        Assert.Contains(svg.Descendants(), e => e.Name.LocalName == "text" && e.Value == "loss-prevention");
    }

    [Fact]
    public void Diff_UnchangedSpecWithOnlyACommentAdded_ReportsNoClusterChanged()
    {
        var (first, second) = TwoCommits("edge-store.yaml", "kind: GpuCluster", "# reviewed by the store team\nkind: GpuCluster");

        var result = Diff("--base", first, "--head", second);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no cluster spec changed", result.Output.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_InvalidHead_ExitsOneWithEachFindingOnStandardErrorAndInTheMarkdown()
    {
        var (first, second) = TwoCommits("edge-store.yaml", "partitionCount: 4 }\n        - { model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0200)", "partitionCount: 5 }\n        - { model: NVIDIA L4, locationPath: \"PCIROOT(0)#PCI(0200)");

        var result = Diff("--base", first, "--head", second);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"specs/examples/edge-store\.yaml:\d+:\d+: error GR104: partitionCount 5 is not valid for NVIDIA L4", result.Error);
        Assert.Matches(@"`specs/examples/edge-store\.yaml:\d+:\d+` \*\*error\*\* GR104", result.Output);
        Assert.StartsWith("**Reconciler review** ❌", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_RevisionThatNamesNoCommit_ExitsTwoWithOneClearLine()
    {
        TwoCommits("edge-store.yaml", "maxUnavailable: 1", "maxUnavailable: 2");

        var result = Diff("--base", "no-such-branch", "--head", "HEAD");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("'no-such-branch' names no commit", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_WithSim_PlansAgainstTheSimulatorsStateInsteadOfTheBase()
    {
        var (first, second) = TwoCommits("edge-store.yaml", "maxUnavailable: 1", "maxUnavailable: 2");
        Assert.Equal(0, ReconcilerProcess.Run(_repo.Directory, "sim", "init", Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", "store-042.yaml"), "--sim", "state").ExitCode);

        var result = Diff("--base", first, "--head", second, "--sim", "state");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("observed state from the simulator in state", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Assumptions (no host was asked)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_WithHyperV_ReviewsTheRealHostsLikeTheSimulatorTheyServe()
    {
        // A change that moves a VM, so the review depends on where the hosts' VMs really are.
        var (first, second) = TwoCommits("edge-store.yaml", "gpu: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", vram: 6GiB", "gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\", vram: 6GiB");
        Assert.Equal(0, ReconcilerProcess.Run(_repo.Directory, "sim", "init", Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", "store-042.yaml"), "--sim", "state").ExitCode);
        await using var server = await FakeWinRmServer.StartAsync(Path.Combine(_repo.Directory, "state"));
        var settings = server.WriteSettings(_repo.Directory, "store-042");

        var sim = Diff("--base", first, "--head", second, "--sim", "state");
        var hyperV = Diff("--base", first, "--head", second, "--hyperv", settings);

        Assert.True(hyperV.ExitCode == 0, hyperV.Error);
        Assert.Contains($"observed state from the Hyper-V hosts of {settings}", hyperV.Output, StringComparison.Ordinal);
        Assert.NotEmpty(server.Requests);
        Assert.Equal(
            sim.Output.Replace("from the simulator in state", "", StringComparison.Ordinal),
            hyperV.Output.Replace($"from the Hyper-V hosts of {settings}", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Diff_WithSimAndHyperV_IsAUsageError()
    {
        var (first, second) = TwoCommits("edge-store.yaml", "maxUnavailable: 1", "maxUnavailable: 2");

        var result = Diff("--base", first, "--head", second, "--sim", "state", "--hyperv", "hosts.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sim and --hyperv name two different targets", result.Error, StringComparison.Ordinal);
    }
}
