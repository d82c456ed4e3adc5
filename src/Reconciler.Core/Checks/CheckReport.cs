namespace Reconciler.Checks;

/// <summary>
/// Everything <c>reconciler check</c> found: per host its checks, the GPU inventory, and the
/// checks across hosts (homogeneity). <see cref="Passed"/> decides the exit code.
/// </summary>
public sealed record CheckReport(string Cluster, string Target, IReadOnlyList<HostCheckResults> Hosts, IReadOnlyList<GpuInventoryLine> Gpus, IReadOnlyList<CheckResult> ClusterChecks)
{
    public bool Passed => !Hosts.Any(h => h.Failed) && ClusterChecks.All(c => c.Status != CheckStatus.Fail);
}
