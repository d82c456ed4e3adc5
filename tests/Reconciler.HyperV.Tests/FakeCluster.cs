using System.Diagnostics.Metrics;
using Reconciler.HyperV.Fake;
using Reconciler.Providers;
using Reconciler.Simulation.State;
using Reconciler.Testing.Worlds;

namespace Reconciler.HyperV.Tests;

/// <summary>A simulated cluster served by the fake WinRM server, and the Hyper-V provider pointed at it.</summary>
public sealed class FakeCluster : IAsyncDisposable
{
    private FakeCluster(string directory, FakeWinRmServer server, string settingsPath, IClusterProvider provider, Meter meter)
    {
        Directory = directory;
        Server = server;
        SettingsPath = settingsPath;
        Provider = provider;
        Meter = meter;
    }

    public string Directory { get; }

    public string StateDirectory => Path.Combine(Directory, "sim");

    public FakeWinRmServer Server { get; }

    public string SettingsPath { get; }

    public IClusterProvider Provider { get; }

    public Meter Meter { get; }

    public StateStore Store => new(StateDirectory);

    /// <param name="auth">The settings file's auth (negotiate, kerberos, ntlm, basic); null: what the fake's mode suggests.</param>
    public static async Task<FakeCluster> StartAsync(string world, FakeOptions? options = null, string extraSpec = "", string? auth = null)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("reconciler-hyperv-").FullName;
        var store = SimulatedWorld.Init(Path.Combine(directory, "sim"), world);
        var server = await FakeWinRmServer.StartAsync(Path.Combine(directory, "sim"), options);
        var settings = server.WriteSettings(directory, store.Load().Name, extraSpec, auth);
        var meter = new Meter("test-" + Guid.NewGuid());
        return new FakeCluster(directory, server, settings, HyperVTarget.Open(settings, null, TimeProvider.System, meter), meter);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Meter.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
