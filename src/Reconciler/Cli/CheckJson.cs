using Reconciler.Checks;

namespace Reconciler.Cli;

/// <summary>
/// <c>check -o json</c>, a contract with scripts (docs/check.md): <c>passed</c>, per host its
/// <c>checks</c> (id, title, status pass|warn|fail|skip, detail, remedy), the <c>gpus</c>
/// inventory and the checks <c>acrossHosts</c>.
/// </summary>
internal sealed record CheckJson(string Cluster, string Target, bool Passed, IReadOnlyList<CheckHostJson> Hosts, IReadOnlyList<GpuInventoryLine> Gpus, IReadOnlyList<CheckResultJson> AcrossHosts)
{
    public static CheckJson From(CheckReport report) => new(
        report.Cluster,
        report.Target,
        report.Passed,
        [.. report.Hosts.Select(h => new CheckHostJson(h.Host, h.Endpoint.Length == 0 ? null : h.Endpoint, !h.Failed, [.. h.Checks.Select(CheckResultJson.From)]))],
        report.Gpus,
        [.. report.ClusterChecks.Select(CheckResultJson.From)]);
}
