namespace Reconciler.Tests.Cli;

/// <summary>
/// The fake host started standalone as docs/hyperv.md says, and the reconciler pointed at the
/// settings file it writes, both run as a user runs them.
/// </summary>
public sealed class FakeHostCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-fakehost-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Repo(params string[] parts) => Path.Combine([ReconcilerProcess.RepoRoot, .. parts]);

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    [Fact]
    public void FakeHost_Standalone_ServesEveryHostToPlanApplyAndExportThenStopsOnSigInt()
    {
        var settings = Path.Combine(_dir, "lab", "hyperv.yaml");
        using var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", "ai-west.yaml"), "--listen", "https://127.0.0.1:0", "--settings-out", settings);
        fake.WaitForSettings(settings);
        var spec = Repo("specs", "examples", "ai-pool-cluster.yaml");

        var export = Run("export", "--hyperv", settings);
        var apply = Run("apply", "-f", spec, "--hyperv", settings, "--yes");
        var plan = Run("plan", "-f", spec, "--hyperv", settings, "--detailed-exitcode");
        fake.Interrupt();

        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Contains("name: ai-west", export.Output, StringComparison.Ordinal);
        foreach (var host in new[] { "hv-ai-01", "hv-ai-02", "hv-ai-03", "hv-ai-04" })
        {
            Assert.Contains($"name: {host}", export.Output, StringComparison.Ordinal);
        }

        Assert.True(apply.ExitCode == 0, apply.Output + apply.Error);
        Assert.Equal(0, plan.ExitCode);

        // The apply changed the hosts' state, which lives beside the settings file.
        Assert.Equal(0, Run("plan", "-f", spec, "--sim", Path.Combine(_dir, "lab", "hyperv-state"), "--detailed-exitcode").ExitCode);
        Assert.Equal(0, fake.ExitCode);
        Assert.Contains("stopped", fake.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(settings), "the settings file of a stopped fake is removed");
    }

    public static TheoryData<string, string> Examples => new()
    {
        { "vdi-east.yaml", "vdi-cluster.yaml" },
        { "store-042.yaml", "edge-store.yaml" },
        { "ai-west.yaml", "ai-pool-cluster.yaml" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void PlanHyperV_AgainstTheStandaloneFake_EqualsPlanSimOnTheSameWorld(string world, string spec)
    {
        var settings = Path.Combine(_dir, "lab", "hyperv.yaml");
        using var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", world), "--listen", "https://127.0.0.1:0", "--settings-out", settings);
        fake.WaitForSettings(settings);
        var specPath = Repo("specs", "examples", spec);

        var hyperV = Run("plan", "-f", specPath, "--hyperv", settings, "-o", "json");
        var sim = Run("plan", "-f", specPath, "--sim", Path.Combine(_dir, "lab", "hyperv-state"), "-o", "json");
        fake.Interrupt();

        Assert.True(hyperV.ExitCode == 0, hyperV.Error);
        Assert.True(sim.ExitCode == 0, sim.Error);
        Assert.Contains("\"operations\"", sim.Output, StringComparison.Ordinal);
        Assert.Equal(sim.Output, hyperV.Output);
    }

    [Fact]
    public void FakeHost_GivenPort_HostsTakeConsecutivePortsFromIt()
    {
        var first = FreePorts.Consecutive(4);
        var settings = Path.Combine(_dir, "hyperv.yaml");
        using var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", "ai-west.yaml"), "--listen", $"https://127.0.0.1:{first}", "--settings-out", settings);
        fake.WaitForSettings(settings);

        var text = File.ReadAllText(settings);
        fake.Interrupt();

        for (var i = 0; i < 4; i++)
        {
            Assert.Contains($"address: 127.0.0.1, port: {first + i} }}", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:0", "basic", "WinRM refuses Basic over plain HTTP")]
    [InlineData("ftp://127.0.0.1:0", "basic", "give a URL such as https://127.0.0.1:5986")]
    [InlineData("https://127.0.0.1:0", "kerberos", "--auth kerberos: give basic or negotiate")]
    public void FakeHost_BadArguments_ExitTwoWithTheReason(string listen, string auth, string expected)
    {
        using var fake = FakeHostProcess.Start(_dir, "--world", Repo("specs", "worlds", "store-042.yaml"), "--listen", listen, "--auth", auth, "--settings-out", "hyperv.yaml");
        fake.WaitForExit();

        Assert.Equal(2, fake.ExitCode);
        Assert.Contains(expected, fake.Output, StringComparison.Ordinal);
    }
}
