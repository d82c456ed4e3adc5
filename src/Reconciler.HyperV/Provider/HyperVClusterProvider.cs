using Microsoft.Extensions.Logging;
using Reconciler.Catalog;
using Reconciler.HyperV.WsMan;
using Reconciler.Observed;
using Reconciler.Providers;
using Reconciler.Spec;

namespace Reconciler.HyperV.Provider;

/// <summary>
/// The Hyper-V provider: every port call becomes WQL reads and CIM method calls on the named
/// host over WS-Management. Calls on one host are the executor's to serialize; this type keeps
/// no state between calls, so every call acts on what the host reports now.
/// </summary>
public sealed partial class HyperVClusterProvider : IClusterProvider
{
    private readonly string _cluster;
    private readonly List<string> _hostOrder;
    private readonly Dictionary<string, HostSession> _sessions;
    private readonly GpuCatalog _catalog;
    private readonly ILogger _logger;
    private readonly HyperVMetrics _metrics;
    private readonly TimeSpan _shutdownPoll;

    internal HyperVClusterProvider(string cluster, IReadOnlyList<HostSession> sessions, GpuCatalog catalog, TimeSpan shutdownPoll, ILogger logger, HyperVMetrics metrics)
    {
        _cluster = cluster;
        _hostOrder = sessions.Select(s => s.Host).ToList();
        _sessions = sessions.ToDictionary(s => s.Host, StringComparer.OrdinalIgnoreCase);
        _catalog = catalog;
        _shutdownPoll = shutdownPoll;
        _logger = logger;
        _metrics = metrics;
    }

    /// <summary>Dismount with RequireAcsSupport and RequireDeviceMitigations false (the cmdlet's -Force); see <see cref="Settings.HyperVSettings.ForceDismount"/>.</summary>
    internal bool ForceDismount { get; init; }

    public async Task<ObservedCluster> ObserveAsync(CancellationToken cancellationToken)
    {
        var before = _metrics.Calls;
        var (nodes, answering) = await NodeStatesAsync(cancellationToken).ConfigureAwait(false);
        var snapshots = await Task.WhenAll(_hostOrder.Where(h => StateOf(nodes, h) != HostState.Down)
            .Select(h => HostObserver.ReadAsync(_sessions[h], _catalog, cancellationToken))).ConfigureAwait(false);
        var offline = nodes is null ? null : await OfflineActionsAsync(answering, cancellationToken).ConfigureAwait(false);
        var hosts = _hostOrder.Select(h => snapshots.FirstOrDefault(s => s.Host == h) is { } s
            ? HostObserver.ToHost(s, _catalog, offline, _logger) with { State = StateOf(nodes, h) }
            : DownHost(h)).ToValueList();

        var pools = new List<(string Name, List<string> Hosts, List<PoolMember> Members)>();
        foreach (var snapshot in snapshots)
        {
            foreach (var (name, members) in HostObserver.Pools(snapshot))
            {
                var pool = pools.Find(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                if (pool.Name is null)
                {
                    pool = (name, [], []);
                    pools.Add(pool);
                }

                pool.Hosts.Add(snapshot.Host);
                pool.Members.AddRange(members.Select(m => new PoolMember(snapshot.Host, m)));
            }
        }

        HyperVLog.Observed(_logger, hosts.Count, _metrics.Calls - before);
        return new ObservedCluster(_cluster, offline is not null, hosts,
            pools.Select(p => new ObservedPool(p.Name, p.Hosts.ToValueList(), p.Members.ToValueList())).ToValueList());
    }

    private HostSession Session(string host) =>
        _sessions.TryGetValue(host, out var session)
            ? session
            : throw new ProviderException(ProviderErrorKind.Permanent, $"host {host} is not in the Hyper-V connection settings of cluster {_cluster}; add it under spec.hosts.", "HostNotFound");

    private static IReadOnlyList<KeyValuePair<string, string>> SystemSelectors(CimInstance vm) =>
        [new("CreationClassName", CimClasses.ComputerSystem), new("Name", vm.String("Name") ?? "")];
}
