using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.Metrics;
using Reconciler.Providers;
using Reconciler.Settings;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Simulation.World;

namespace Reconciler.Service;

/// <summary>
/// The provider of each cluster, made once and kept: the settings' own provider for the
/// cluster, or else the embedded simulator, initialised from the world of the same name the
/// first time (its state then outlives the process, like a real host).
/// </summary>
internal sealed class ClusterProviders(ServiceOptions options, TimeProvider time, ILoggerFactory? loggers = null, ReconcilerMetrics? metrics = null)
{
    private readonly Dictionary<string, IClusterProvider> _providers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>Opens the named cluster's provider.</summary>
    /// <exception cref="ProviderUnavailableException">No provider can serve the cluster; the message says what to configure.</exception>
    public IClusterProvider For(string cluster)
    {
        lock (_lock)
        {
            if (!_providers.TryGetValue(cluster, out var provider))
            {
                provider = Open(cluster);
                _providers[cluster] = provider;
            }

            return provider;
        }
    }

    /// <summary>"simulator DIR" or "hyperv FILE", for status.</summary>
    public string Describe(string cluster) =>
        options.Clusters.TryGetValue(cluster, out var settings) && settings.HyperV is not null
            ? $"hyperv {settings.HyperV}"
            : $"simulator {SimulatorDirectory(cluster)}";

    private IClusterProvider Open(string cluster) =>
        options.Clusters.TryGetValue(cluster, out var settings) && settings.HyperV is { } file
            ? OpenHyperV(cluster, file)
            : OpenSimulator(cluster);

    private IClusterProvider OpenHyperV(string cluster, string file)
    {
        try
        {
            // The service's own meter, so the WS-Management call counts appear on /metrics.
            return Reconciler.HyperV.HyperVTarget.Open(file, loggers, time, metrics?.Meter,
                options.RecordDirectory is { } record ? Path.Combine(record, cluster) : null);
        }
        catch (Reconciler.HyperV.Settings.HyperVSettingsException ex)
        {
            throw new ProviderUnavailableException($"cluster {cluster}: the Hyper-V connection settings cannot be used: {ex.Message}", ex);
        }
    }

    private SimulatedClusterProvider OpenSimulator(string cluster)
    {
        var store = new StateStore(SimulatorDirectory(cluster));
        if (!store.Exists)
        {
            InitFromWorld(cluster, store);
        }

        return new SimulatedClusterProvider(store, time);
    }

    private string SimulatorDirectory(string cluster) =>
        options.Clusters.TryGetValue(cluster, out var settings) && settings.Simulator is not null
            ? settings.Simulator
            : Path.Combine(options.Simulator.Directory ?? Path.Combine(options.StateDirectory, "sim"), cluster);

    private void InitFromWorld(string cluster, StateStore store)
    {
        var worlds = options.Simulator.Worlds;
        IEnumerable<string> files = Directory.Exists(worlds)
            ? Directory.EnumerateFiles(worlds, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var (state, _) = WorldReader.Read(file, text, GpuCatalog.Default);
            if (state is not null && string.Equals(state.Name, cluster, StringComparison.OrdinalIgnoreCase))
            {
                var problems = Simulator.Init(store, file, text, GpuCatalog.Default);
                if (problems.Any(p => p.IsError))
                {
                    throw new ProviderUnavailableException($"cluster {cluster}: the world {file} is invalid: {problems.First(p => p.IsError)}");
                }

                return;
            }
        }

        throw new ProviderUnavailableException(
            $"cluster {cluster} has no provider: add a world named {cluster} to {worlds}, or set Reconciler:Clusters:{cluster}:HyperV (or :Simulator)");
    }
}
