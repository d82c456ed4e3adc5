using Reconciler.Checks;

namespace Reconciler.Cli;

/// <summary>
/// <c>check -o json</c>, a contract with scripts (docs/check.md): <c>passed</c>, per host its
/// <c>checks</c> (id, title, status pass|warn|fail|skip, detail, remedy), the <c>gpus</c>
/// inventory and the checks <c>acrossHosts</c>.
/// </summary>
internal sealed record CheckJson(string Cluster, string Target, bool Passed, IReadOnlyList<CheckJson.HostJson> Hosts, IReadOnlyList<GpuInventoryLine> Gpus, IReadOnlyList<CheckJson.ResultJson> AcrossHosts)
{
    public static CheckJson From(CheckReport report) => new(
        report.Cluster,
        report.Target,
        report.Passed,
        [.. report.Hosts.Select(h => new HostJson(h.Host, h.Endpoint.Length == 0 ? null : h.Endpoint, !h.Failed, [.. h.Checks.Select(Result)]))],
        report.Gpus,
        [.. report.ClusterChecks.Select(Result)]);

    private static ResultJson Result(CheckResult r) => new(r.Id, r.Title, r.Status.ToString().ToLowerInvariant(), r.Detail, r.Remedy);

    internal sealed record HostJson(string Name, string? Endpoint, bool Passed, IReadOnlyList<ResultJson> Checks);

    internal sealed record ResultJson(string Id, string Title, string Status, string Detail, string? Remedy);
}
