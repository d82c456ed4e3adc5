using Reconciler.HyperV.Fake;
using Reconciler.Service;
using Reconciler.Settings;
using Reconciler.Testing.Worlds;

namespace Reconciler.Tests.Service;

/// <summary>The service opens a cluster set to HyperV through the Hyper-V provider.</summary>
public sealed class ClusterProvidersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-providers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ClusterProviders Providers(string settingsFile)
    {
        var options = new ServiceOptions { StateDirectory = _dir };
        options.Clusters["store-042"] = new ClusterSettings { HyperV = settingsFile };
        return new ClusterProviders(options, TimeProvider.System);
    }

    [Fact]
    public async Task For_AHyperVCluster_ObservesItsHostsOverWinRm()
    {
        var state = Path.Combine(_dir, "hosts");
        var world = Path.Combine(Reconciler.Tests.Cli.ReconcilerProcess.RepoRoot, "specs", "worlds", "store-042.yaml");
        SimulatedWorld.Init(state, File.ReadAllText(world), world);
        await using var server = await FakeWinRmServer.StartAsync(state);
        var settings = server.WriteSettings(_dir, "store-042");

        var observed = await Providers(settings).For("store-042").ObserveAsync(CancellationToken.None);

        Assert.Equal("store-042", observed.Name);
        Assert.NotEmpty(observed.Vms);
        Assert.NotEmpty(server.Requests);
        Assert.StartsWith("hyperv ", Providers(settings).Describe("store-042"), StringComparison.Ordinal);
    }

    [Fact]
    public void For_AHyperVClusterWithABadSettingsFile_SaysWhichClusterAndWhere()
    {
        var settings = Path.Combine(_dir, "hyperv.yaml");
        File.WriteAllText(settings, "kind: HyperVConnection\nmetadata: { name: store-042 }\nspec: { hosts: [hv-01], usernameFile: u }\n");

        var error = Assert.Throws<ProviderUnavailableException>(() => Providers(settings).For("store-042"));

        Assert.Contains("cluster store-042", error.Message, StringComparison.Ordinal);
        Assert.Contains("hyperv.yaml:3:7: error: passwordFile is required", error.Message, StringComparison.Ordinal);
    }
}
