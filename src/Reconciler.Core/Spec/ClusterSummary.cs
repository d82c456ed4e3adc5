using System.Globalization;

namespace Reconciler.Spec;

/// <summary>A one-glance description of a cluster spec, for `validate` and status pages.</summary>
public sealed record ClusterSummary(string Name, int Hosts, bool FailoverCluster, IReadOnlyList<string> Gpus, int PartitionVms, int DdaVms, int OtherVms, string Policy)
{
    public static ClusterSummary Of(ClusterSpec spec)
    {
        var gpus = spec.Hosts
            .SelectMany(h => h.Gpus)
            .GroupBy(g => (What: g.Model ?? "GPU", g.Mode, g.PartitionCount, g.Pool))
            .Select(group =>
            {
                var counts = group.Select(g => g.LocationPath is not null ? 1 : g.Count).ToList();
                var number = counts.Contains(null) ? "all" : counts.Sum(c => (long?)c)!.Value.ToString(CultureInfo.InvariantCulture);
                var mode = group.Key.Mode == GpuMode.Partitioned
                    ? $"partitioned x{group.Key.PartitionCount}"
                    : group.Key.Pool is { } pool ? $"DDA in pool {pool}" : "DDA";
                return $"{number} {group.Key.What} {mode}";
            })
            .ToList();
        var policy = spec.Policy;
        return new ClusterSummary(
            spec.Name,
            spec.Hosts.Count,
            spec.FailoverCluster,
            gpus,
            spec.Vms.Count(v => v.Gpu is PartitionRequest),
            spec.Vms.Count(v => v.Gpu is DdaRequest),
            spec.Vms.Count(v => v.Gpu is null),
            $"{policy.Mode.ToString().ToLowerInvariant()}, maxUnavailable {policy.MaxUnavailable}{(policy.Windows.Count > 0 ? $", {policy.Windows.Count} window(s)" : "")}");
    }

    public override string ToString() =>
        $"{Hosts} host{(Hosts == 1 ? "" : "s")}{(FailoverCluster ? " (failover cluster)" : "")}; GPUs: {(Gpus.Count == 0 ? "none" : string.Join(", ", Gpus))}; " +
        $"VMs: {PartitionVms} partition, {DdaVms} DDA{(OtherVms > 0 ? $", {OtherVms} without GPU" : "")}; policy {Policy}";
}
