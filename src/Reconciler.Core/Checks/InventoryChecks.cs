using System.Globalization;
using Reconciler.Observed;

namespace Reconciler.Checks;

/// <summary>
/// The GPU part of <c>reconciler check</c>, from what a provider observed: each host's GPUs with
/// the statuses Windows Admin Center shows and its driver version, then homogeneity across the
/// hosts. Pure: the same for the simulator and for real hosts.
/// </summary>
public static class InventoryChecks
{
    public const string GpusId = "gpus";
    public const string DriverId = "driver";

    public static IReadOnlyList<GpuInventoryLine> Inventory(ObservedCluster cluster) =>
        cluster.Hosts.SelectMany(h => h.Gpus.Select(g => new GpuInventoryLine(
            h.Name, g.LocationPath, g.Model, GpuStatusText.Of(g.Status),
            g.Status == GpuStatus.Partitioned ? g.PartitionCount : null, h.HostDriver?.ToString()))).ToList();

    /// <summary>The report of a target with no connection to check (the simulator): inventory and homogeneity only.</summary>
    public static CheckReport Report(ObservedCluster cluster, string target) =>
        new(cluster.Name, target, cluster.Hosts.Select(h => new HostCheckResults(h.Name, "", ForHost(h))).ToList(), Inventory(cluster), AcrossHosts(cluster));

    /// <summary>The two per-host checks: the GPUs it reports, and its host driver.</summary>
    public static IReadOnlyList<CheckResult> ForHost(ObservedHost host) => [Gpus(host), Driver(host)];

    private static CheckResult Gpus(ObservedHost host)
    {
        const string Title = "GPU inventory";
        if (host.State == HostState.Down)
        {
            return CheckResult.Fail(GpusId, Title, $"host {host.Name} is down: its VMs are off or failed over",
                $"bring {host.Name} back (Start-ClusterNode, or power it on), then check again");
        }

        if (host.Gpus.Count == 0)
        {
            // WAC's own words when it finds none.
            return CheckResult.Warn(GpusId, Title, "no GPUs reported (\"No partitionable GPUs have been found\")",
                "install the GPU with NVIDIA's vGPU host driver for GPU-P, or dismount it for DDA; check Get-VMHostPartitionableGpu on the host");
        }

        var summary = string.Join(", ", host.Gpus
            .GroupBy(g => (g.Model, Status: GpuStatusText.Of(g.Status), Count: g.Status == GpuStatus.Partitioned ? g.PartitionCount : (int?)null))
            .Select(g => $"{g.Count()} × {g.Key.Model} {g.Key.Status}{(g.Key.Count is { } n ? $" ({n} partition{(n == 1 ? "" : "s")})" : "")}"));
        var paravirtual = host.Gpus.Where(g => g.Status == GpuStatus.Paravirtualization).ToList();
        return paravirtual.Count > 0
            ? CheckResult.Warn(GpusId, Title, summary,
                $"{string.Join(", ", paravirtual.Select(g => g.LocationPath))} shows Paravirtualization: the partitioning driver is there but SR-IOV is off; enable SR-IOV (and the IOMMU) in {host.Name}'s firmware to use GPU-P")
            : CheckResult.Pass(GpusId, Title, summary);
    }

    private static CheckResult Driver(ObservedHost host)
    {
        const string Title = "host GPU driver";
        if (host.HostDriver is { } driver)
        {
            return CheckResult.Pass(DriverId, Title, driver.ToString());
        }

        return host.Gpus.Any(g => g.Status is GpuStatus.Partitioned or GpuStatus.Paravirtualization)
            ? CheckResult.Warn(DriverId, Title, "no NVIDIA driver version read (Win32_VideoController)",
                "install NVIDIA's vGPU host driver; guests' drivers are checked against it")
            : CheckResult.Pass(DriverId, Title, "none: the host owns no GPU (all dismounted for DDA, or none)");
    }

    /// <summary>
    /// Across hosts: a failover cluster needs one GPU model and one partition count on every
    /// node (WAC enforces it, PowerShell does not: hyperv-gpu.md §6), and a GPU pool one model.
    /// </summary>
    public static IReadOnlyList<CheckResult> AcrossHosts(ObservedCluster cluster)
    {
        if (cluster.Hosts.Count < 2)
        {
            return [CheckResult.Skip("homogeneity", "homogeneity", "one host: nothing to compare")];
        }

        var partitioned = cluster.Hosts.SelectMany(h => h.Gpus.Where(g => g.Status == GpuStatus.Partitioned).Select(g => (Host: h.Name, Gpu: g))).ToList();
        var results = new List<CheckResult>
        {
            Same("homogeneity.model", "same GPU model on every node", cluster, partitioned, p => p.Gpu.Model,
                "give every node GPUs of one model (GPU-P across a failover cluster needs it); move the odd GPUs out of GPU-P or replace them"),
            Same("homogeneity.partitionCount", "same partition count on every node", cluster, partitioned, p => p.Gpu.PartitionCount.ToString(CultureInfo.InvariantCulture),
                "set one partition count on every node (Set-VMHostPartitionableGpu -PartitionCount, or the spec's partitionCount and reconciler apply) so VMs can restart on any node"),
        };

        if (cluster.FailoverCluster && partitioned.Count > 0)
        {
            var without = cluster.Hosts.Where(h => !h.Gpus.Any(g => g.Status == GpuStatus.Partitioned)).Select(h => h.Name).ToList();
            results.Add(without.Count == 0
                ? CheckResult.Pass("homogeneity.partitionedNodes", "partitioned GPUs on every node", "yes")
                : CheckResult.Warn("homogeneity.partitionedNodes", "partitioned GPUs on every node", $"none on {string.Join(", ", without)}",
                    "GPU-P VMs that fail over to those nodes cannot start; partition GPUs there too, or keep GPU-P VMs off failover to them"));
        }

        var poolMembers = cluster.Pools.SelectMany(p => p.Members.Select(m => (Pool: p.Name, m.Host, Model: cluster.Host(m.Host)?.Gpu(m.LocationPath)?.Model ?? "?"))).ToList();
        foreach (var pool in poolMembers.GroupBy(p => p.Pool, StringComparer.OrdinalIgnoreCase))
        {
            var models = pool.Select(p => p.Model).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            results.Add(models.Count <= 1
                ? CheckResult.Pass("homogeneity.pool", $"pool {pool.Key} holds one model", models.FirstOrDefault() ?? "empty")
                : CheckResult.Fail("homogeneity.pool", $"pool {pool.Key} holds one model", Describe(pool.Select(p => (p.Host, p.Model))),
                    $"a GPU pool needs the same model on every node: take the odd GPUs out of pool {pool.Key} (Remove-VMHostAssignableDevice -ResourcePoolName)"));
        }

        var drivers = cluster.Hosts.Where(h => h.HostDriver is not null).Select(h => (Host: h.Name, Driver: h.HostDriver!.ToString())).ToList();
        results.Add(drivers.Select(d => d.Driver).Distinct().Count() <= 1
            ? CheckResult.Pass("homogeneity.driver", "same host driver on every node", drivers.FirstOrDefault().Driver ?? "none")
            : CheckResult.Warn("homogeneity.driver", "same host driver on every node", Describe(drivers),
                "install one vGPU host driver release on every node: a VM that fails over keeps its guest driver, which must not be newer than the host's"));
        return results;
    }

    private static CheckResult Same(string id, string title, ObservedCluster cluster, IReadOnlyList<(string Host, ObservedGpu Gpu)> items,
        Func<(string Host, ObservedGpu Gpu), string> key, string remedy)
    {
        var values = items.Select(i => (i.Host, Value: key(i))).Distinct().ToList();
        if (values.Select(v => v.Value).Distinct(StringComparer.OrdinalIgnoreCase).Count() <= 1)
        {
            return CheckResult.Pass(id, title, values.Count == 0 ? "no partitioned GPUs" : values[0].Value);
        }

        return cluster.FailoverCluster
            ? CheckResult.Fail(id, title, Describe(values), remedy)
            : CheckResult.Skip(id, title, $"{Describe(values)}: allowed, the hosts are not a failover cluster");
    }

    /// <summary>"NVIDIA A16 on hv-01, hv-02; NVIDIA L4 on hv-03".</summary>
    private static string Describe(IEnumerable<(string Host, string Value)> values) =>
        string.Join("; ", values.GroupBy(v => v.Value, StringComparer.OrdinalIgnoreCase)
            .Select(g => $"{g.Key} on {string.Join(", ", g.Select(v => v.Host).Distinct(StringComparer.OrdinalIgnoreCase))}"));
}
