using Reconciler.Failover;

namespace Reconciler.Cli;

/// <summary>The JSON of <c>capacity -o json</c>, exactly as issue 19 fixes it (docs/capacity.md).</summary>
internal sealed record CapacityJson(bool SurvivesAnyOneHost, IReadOnlyList<CapacityJson.HostJson> Hosts)
{
    public static CapacityJson From(CapacityReport report) => new(
        report.SurvivesAnyOneHost,
        [.. report.Hosts.Select(h => new HostJson(h.Host, [.. h.Restartable], [.. h.Stranded.Select(s => new StrandedJson(s.Vm, s.Reason))]))]);

    internal sealed record HostJson(string Host, IReadOnlyList<string> Restartable, IReadOnlyList<StrandedJson> Stranded);

    internal sealed record StrandedJson(string Vm, string Reason);
}
