using Reconciler.HyperV.Fake;

namespace Reconciler.Tests.Cli;

/// <summary>The --hyperv target of plan, apply and export, against the fake WinRM server serving a simulated world.</summary>
public sealed class HyperVTargetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-hypervcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> Examples() => new()
    {
        { "vdi-east.yaml", "vdi-cluster.yaml" },
        { "store-042.yaml", "edge-store.yaml" },
        { "ai-west.yaml", "ai-pool-cluster.yaml" },
    };

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    private static string Repo(params string[] parts) => Path.Combine([ReconcilerProcess.RepoRoot, .. parts]);

    private async Task<(FakeWinRmServer Server, string Settings)> ServeAsync(string world)
    {
        Assert.Equal(0, Run("sim", "init", Repo("specs", "worlds", world), "--sim", "state").ExitCode);
        var server = await FakeWinRmServer.StartAsync(Path.Combine(_dir, "state"));
        var name = world.Replace(".yaml", "", StringComparison.Ordinal);
        return (server, server.WriteSettings(_dir, name));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Plan_HyperVAgainstTheFakeServer_EqualsPlanSimOnTheSameWorld(string world, string spec)
    {
        var (server, settings) = await ServeAsync(world);
        await using var _ = server;

        var sim = Run("plan", "-f", Repo("specs", "examples", spec), "--sim", "state", "-o", "json");
        var hyperV = Run("plan", "-f", Repo("specs", "examples", spec), "--hyperv", settings, "-o", "json");

        Assert.Equal(0, sim.ExitCode);
        Assert.True(hyperV.ExitCode == 0, hyperV.Error);
        Assert.Contains("\"operations\"", sim.Output, StringComparison.Ordinal);
        Assert.Equal(sim.Output, hyperV.Output);
        Assert.NotEmpty(server.Requests);
    }

    [Fact]
    public async Task Plan_HyperVWithRecord_WritesEachExchangeWithoutTheCredential()
    {
        var (server, settings) = await ServeAsync("store-042.yaml");
        await using var _ = server;
        var recording = Path.Combine(_dir, "recording");

        var plan = Run("plan", "-f", Repo("specs", "examples", "edge-store.yaml"), "--hyperv", settings, "--record", recording, "-o", "json");

        Assert.True(plan.ExitCode == 0, plan.Error);
        var index = File.ReadAllLines(Path.Combine(recording, "exchanges.jsonl"));
        Assert.Equal(server.Requests.Count, index.Length);
        Assert.All(Directory.GetFiles(recording), f => Assert.DoesNotContain(server.Options.Password, File.ReadAllText(f), StringComparison.Ordinal));
    }

    [Fact]
    public void Record_WithoutHyperV_IsAUsageError()
    {
        var plan = Run("plan", "-f", Repo("specs", "examples", "edge-store.yaml"), "--record", Path.Combine(_dir, "r"));

        Assert.Equal(2, plan.ExitCode);
        Assert.Contains("--hyperv", plan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_HyperV_ConvergesTheHostsSoTheNextPlanIsEmpty()
    {
        // ai-west needs partitions, DDA, pools and offline actions, and has no maintenance window to wait for.
        var (server, settings) = await ServeAsync("ai-west.yaml");
        await using var _ = server;
        var spec = Repo("specs", "examples", "ai-pool-cluster.yaml");

        var apply = Run("apply", "-f", spec, "--hyperv", settings, "--yes");
        var plan = Run("plan", "-f", spec, "--hyperv", settings, "--detailed-exitcode");

        Assert.True(apply.ExitCode == 0, apply.Output + apply.Error);
        Assert.Contains("Converged", apply.Output, StringComparison.Ordinal);
        Assert.True(plan.ExitCode == 0, plan.Output + plan.Error);
        Assert.Equal(0, Run("plan", "-f", spec, "--sim", "state", "--detailed-exitcode").ExitCode);
    }

    [Fact]
    public async Task Export_HyperV_WritesTheSameSpecAsExportSim()
    {
        var (server, settings) = await ServeAsync("vdi-east.yaml");
        await using var _ = server;

        var sim = Run("export", "--sim", "state");
        var hyperV = Run("export", "--hyperv", settings);

        Assert.Equal(0, hyperV.ExitCode);
        Assert.Contains("kind: GpuCluster", hyperV.Output, StringComparison.Ordinal);
        Assert.Contains("drivers: { host: \"580.86\" }", hyperV.Output, StringComparison.Ordinal);
        Assert.Equal(sim.Output, hyperV.Output);
    }

    [Fact]
    public void Plan_WithBothSimAndHyperV_IsAUsageError()
    {
        File.WriteAllText(Path.Combine(_dir, "hyperv.yaml"), "kind: HyperVConnection\n");

        var result = Run("plan", "-f", Repo("specs", "examples", "edge-store.yaml"), "--sim", "state", "--hyperv", "hyperv.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--sim and --hyperv", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithABadSettingsFile_NamesFileLineAndColumnWithoutAStackTrace()
    {
        File.WriteAllText(Path.Combine(_dir, "hyperv.yaml"), """
            apiVersion: reconciler/v1
            kind: HyperVConnection
            metadata: { name: store-042 }
            spec:
              hosts: [hv-01]
              usernameFile: user
              passwordFile: pass
              prot: 5986
            """);

        var result = Run("plan", "-f", Repo("specs", "examples", "edge-store.yaml"), "--hyperv", "hyperv.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("hyperv.yaml:8:3: error: unknown key prot (did you mean port?)", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }
}
