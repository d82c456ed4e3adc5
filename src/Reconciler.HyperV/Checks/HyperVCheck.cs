using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reconciler.Checks;
using Reconciler.HyperV.Settings;
using Reconciler.Observed;
using Reconciler.Providers;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// <c>reconciler check --hyperv FILE [--record DIR]</c>: every host's connection checks (in parallel, reported
/// in the settings' order), then the GPU inventory of the hosts that passed them, read through the
/// provider as plan and apply read it, and homogeneity across them.
/// </summary>
public static class HyperVCheck
{
    /// <exception cref="HyperVSettingsException">The settings or the files they name cannot be used.</exception>
    public static async Task<CheckReport> RunAsync(string settingsPath, TimeProvider time, CancellationToken cancellationToken,
        ILoggerFactory? loggers = null, Func<string, CancellationToken, Task<System.Net.IPAddress[]>>? resolve = null, string? recordDirectory = null)
    {
        loggers ??= NullLoggerFactory.Instance;
        var settings = HyperVSettingsReader.Read(settingsPath);
        var credential = HyperVTarget.Credential(settingsPath, settings);
        var validation = settings.Transport == HyperVTransport.Https ? HyperVTarget.CertificateValidation(settingsPath, settings) : null;
        using var meter = new Meter("Reconciler.HyperV.Check");
        var preflight = new HostPreflight(settings, credential, validation, time, loggers.CreateLogger("Reconciler.HyperV.Check"), new HyperVMetrics(meter), resolve);
        var connected = await Task.WhenAll(settings.Hosts.Select(h => preflight.RunAsync(h, cancellationToken))).ConfigureAwait(false);

        var reachable = settings.Hosts.Where((_, i) => !connected[i].Failed).ToList();
        ObservedCluster? observed = null;
        string? observeError = null;
        if (reachable.Count > 0)
        {
            try
            {
                // --record records these reads, as plan's; the probes before them are not WS-Man calls worth replaying.
                var provider = HyperVTarget.Open(settings with { Hosts = reachable }, settingsPath, loggers, time, meter, recordDirectory);
                observed = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException ex)
            {
                observeError = ex.Message;
            }
        }

        var hosts = connected.Select(h => h with { Checks = [.. h.Checks, .. Inventory(h, observed, observeError)] }).ToList();
        IReadOnlyList<CheckResult> across = observed is not null && reachable.Count == settings.Hosts.Count
            ? InventoryChecks.AcrossHosts(observed)
            : [CheckResult.Skip("homogeneity", "homogeneity", "not run: not every host could be read")];
        return new CheckReport(settings.Cluster, "hyperv", hosts, observed is null ? [] : InventoryChecks.Inventory(observed), across);
    }

    private static IReadOnlyList<CheckResult> Inventory(HostCheckResults host, ObservedCluster? observed, string? observeError)
    {
        if (host.Failed)
        {
            return [CheckResult.Skip(InventoryChecks.GpusId, "GPU inventory", "not run: a connection check failed"), CheckResult.Skip(InventoryChecks.DriverId, "host GPU driver", "not run: a connection check failed")];
        }

        return observed?.Host(host.Host) is { } observedHost
            ? InventoryChecks.ForHost(observedHost)
            : [CheckResult.Fail(InventoryChecks.GpusId, "GPU inventory", observeError ?? "not read", "see docs/hyperv.md troubleshooting for this message")];
    }
}
