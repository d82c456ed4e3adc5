using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Reconciler.Alerting;
using Reconciler.Hosting;
using Reconciler.Http;
using Reconciler.Reconciliation;
using Reconciler.Service;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Testing.Git;

namespace Reconciler.Tests.Service;

/// <summary>
/// The real service in process: a real git repository as its source, the simulator as its
/// cluster, Kestrel on a free loopback port. Ticks come from POST /api/v1/sync, so tests never
/// wait for a timer.
/// </summary>
public sealed class ServiceHarness : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("reconciler-service-").FullName;
    private WebApplication? _app;
    private bool _disposed;

    public ServiceHarness()
    {
        Repository = new TempRepository();
        Directory.CreateDirectory(Worlds);
    }

    public TempRepository Repository { get; }

    public string Worlds => Path.Combine(_root, "worlds");

    public string StateDirectory => Path.Combine(_root, "state");

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    internal RecordingAlertSink Alerts { get; } = new();

    /// <summary>True: alerts go to <see cref="Alerts"/>; false: to the configured channels, as in production.</summary>
    public bool RecordAlerts { get; set; } = true;

    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>Writes a secret file (token, webhook secret, alert URL) and returns its path.</summary>
    public string SecretFile(string name, string content)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void World(string name, string yaml) => File.WriteAllText(Path.Combine(Worlds, name + ".yaml"), yaml);

    /// <summary>The simulated cluster as a person with PowerShell would reach it: behind the service's back.</summary>
    public SimulatedClusterProvider ByHand(string cluster) =>
        new(new StateStore(Path.Combine(StateDirectory, "sim", cluster)), TimeProvider.System);

    public async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Reconciler:Source:Repository"] = Repository.Directory,
            ["Reconciler:Source:Branch"] = "main",
            ["Reconciler:Source:Path"] = "specs",
            ["Reconciler:StateDirectory"] = StateDirectory,
            ["Reconciler:Simulator:Worlds"] = Worlds,
            ["Reconciler:Http:Listen"] = "http://127.0.0.1:0",
            ["Reconciler:Interval"] = "00:10:00",
            ["Reconciler:InitialBackoff"] = "00:00:01",
            ["Reconciler:Executor:RetryDelay"] = "00:00:00.010",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        _app = await ServiceHost.BuildAsync(configuration, null, CancellationToken.None, services =>
        {
            if (RecordAlerts)
            {
                services.AddSingleton<IAlertSink>(Alerts);
            }
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Http.BaseAddress = new Uri(address);
    }

    public IServiceProvider Services => _app!.Services;

    public async Task SyncAsync()
    {
        using var response = await Http.PostAsync(new Uri("/api/v1/sync", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public async Task<JsonElement> ClusterAsync(string name)
    {
        using var response = await Http.GetAsync(new Uri($"/api/v1/clusters/{name}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Polls the cluster's status until <paramref name="done"/> holds; fails with the last status seen.</summary>
    public async Task<ClusterStatus> WaitForAsync(string cluster, Func<ClusterStatus, bool> done, string what)
    {
        var board = Services.GetRequiredService<StatusBoard>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); // generous: a loaded 2-core CI machine
        while (DateTime.UtcNow < deadline)
        {
            if (board.Cluster(cluster) is { } status && !status.Is(ConditionType.Reconciling) && done(status))
            {
                return status;
            }

            await Task.Delay(25);
        }

        var last = board.Cluster(cluster);
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last status: {JsonSerializer.Serialize(last, ApiJson.Options)}");
    }

    /// <summary>
    /// Syncs, then syncs again every few seconds until <paramref name="done"/> holds: a fetch the
    /// remote left hanging is given up at the git timeout and only the next tick fetches again.
    /// </summary>
    public async Task<ClusterStatus> SyncUntilAsync(string cluster, Func<ClusterStatus, bool> done, string what)
    {
        var board = Services.GetRequiredService<StatusBoard>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        var nextSync = DateTime.MinValue;
        while (DateTime.UtcNow < deadline)
        {
            if (board.Cluster(cluster) is { } status && !status.Is(ConditionType.Reconciling) && done(status))
            {
                return status;
            }

            if (DateTime.UtcNow >= nextSync)
            {
                await SyncAsync();
                nextSync = DateTime.UtcNow + TimeSpan.FromSeconds(3);
            }

            await Task.Delay(25);
        }

        var last = board.Cluster(cluster);
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what} (syncing every 3 s); last status: {JsonSerializer.Serialize(last, ApiJson.Options)}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Http.Dispose();
        Repository.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class RecordingAlertSink : IAlertSink
{
    private readonly List<Alert> _alerts = [];

    public IReadOnlyList<Alert> Sent
    {
        get
        {
            lock (_alerts)
            {
                return [.. _alerts];
            }
        }
    }

    public void Send(Alert alert)
    {
        lock (_alerts)
        {
            _alerts.Add(alert);
        }
    }
}
