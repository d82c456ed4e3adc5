using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>
/// Matches the spec's selectors to the GPUs the hosts report and the spec's VMs to the VMs they
/// run. A selector matches by location path first, then by model; GPUs no selector matches are
/// not managed.
/// </summary>
public static class TargetResolver
{
    public static ResolvedTargets Resolve(ClusterSpec spec, ObservedCluster cluster, GpuCatalog catalog)
    {
        var blocked = new List<BlockedItem>();
        var gpus = new List<GpuTarget>();
        var down = cluster.Hosts.Where(h => h.State == HostState.Down).Select(h => h.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var host in spec.Hosts)
        {
            if (cluster.Host(host.Name) is not { } observed)
            {
                blocked.Add(new BlockedItem($"host/{host.Name}", BlockReason.Hardware, $"host {host.Name} is in the spec but the cluster has no such host"));
                continue;
            }

            if (down.Contains(observed.Name))
            {
                blocked.Add(HostDown(spec, cluster, observed.Name));
                continue; // a down node reports no GPUs: its selectors are not "missing hardware", they wait
            }

            gpus.AddRange(ResolveGpus(host, observed, catalog, blocked));
        }

        var vms = new List<VmTarget>();
        var failedOver = new List<FailedOverVm>();
        foreach (var vm in spec.Vms)
        {
            var observed = cluster.Vm(vm.Name);
            var resource = Resource(vm.Gpu);
            if (observed is null || down.Contains(observed.Host))
            {
                var waitsFor = observed?.Host ?? (vm.Host is not null && down.Contains(vm.Host) ? vm.Host : null);
                blocked.Add(waitsFor is not null
                    ? new BlockedItem($"vm/{vm.Name}", BlockReason.HostDown, $"VM {vm.Name} waits for host {waitsFor}, which is down: nothing is planned on a down host")
                    : new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict, $"VM {vm.Name} is in the spec but no host runs it; create the VM first"));
                continue;
            }

            var pooled = vm.Gpu is DdaRequest { Pool: not null } && spec.FailoverCluster;
            if (vm.Host is not null && !ResolvedTargets.Same(vm.Host, observed.Host) && !pooled)
            {
                if (!spec.FailoverCluster)
                {
                    blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict,
                        $"VM {vm.Name} should be on host {vm.Host} but is on {observed.Host}; the reconciler does not move VMs between hosts that are not a failover cluster: move it, or change host in the spec"));
                    continue;
                }

                // In a failover cluster the spec's host is the preferred owner: away from it is reported, not fought.
                var (report, moveTo) = Failback.Decide(spec, vm, observed, cluster);
                failedOver.Add(report);
                if (moveTo is not null)
                {
                    vms.Add(new VmTarget(vm, observed, resource) { MoveTo = moveTo });
                }

                continue;
            }

            var drain = spec.FailoverCluster && resource is not NoResource && spec.Hosts.Any(h => h.Drain && ResolvedTargets.Same(h.Name, observed.Host));
            if (drain && Failback.CannotDrain(observed, resource) is { } why)
            {
                blocked.Add(new BlockedItem($"vm/{vm.Name}", BlockReason.Conflict, $"VM {vm.Name} cannot leave drained host {observed.Host}: {why}"));
                drain = false;
            }

            vms.Add(new VmTarget(vm, observed, resource) { Drain = drain });
        }

        return new ResolvedTargets(gpus, vms, blocked) { FailedOver = failedOver, DownHosts = down };
    }

    /// <summary>One item per down host of the spec, naming what waits for it.</summary>
    private static BlockedItem HostDown(ClusterSpec spec, ObservedCluster cluster, string host)
    {
        var waiting = spec.Vms
            .Where(v => ResolvedTargets.Same(cluster.Vm(v.Name)?.Host ?? v.Host, host))
            .Select(v => v.Name)
            .ToList();
        return new BlockedItem($"host/{host}", BlockReason.HostDown,
            $"host {host} is down: nothing is planned on it until it is back up; waiting for it: its GPUs{(waiting.Count > 0 ? $" and VM(s) {string.Join(", ", waiting)}" : "")}");
    }

    private static IEnumerable<GpuTarget> ResolveGpus(HostSpec host, ObservedHost observed, GpuCatalog catalog, List<BlockedItem> blocked)
    {
        var matched = new Dictionary<GpuSelector, int>();
        foreach (var gpu in observed.Gpus)
        {
            var selector = host.Gpus.FirstOrDefault(s => ResolvedTargets.Same(s.LocationPath, gpu.LocationPath))
                ?? host.Gpus.FirstOrDefault(s => s.LocationPath is null && SameModel(catalog, s.Model, gpu.Model));
            if (selector is null)
            {
                continue;
            }

            matched[selector] = matched.GetValueOrDefault(selector) + 1;
            if (gpu.Status is GpuStatus.Paravirtualization or GpuStatus.NotAssignable)
            {
                blocked.Add(new BlockedItem($"host/{host.Name}/gpu/{gpu.LocationPath}", BlockReason.Hardware,
                    $"GPU {gpu.LocationPath} on host {host.Name} is {(gpu.Status == GpuStatus.Paravirtualization ? "in paravirtualization mode (SR-IOV is off on the server)" : "not assignable")}; enable SR-IOV or fix the host before the reconciler can use it"));
                continue;
            }

            yield return new GpuTarget(host.Name, gpu, selector.Mode, selector.PartitionCount, selector.Pool);
        }

        foreach (var selector in host.Gpus)
        {
            var found = matched.GetValueOrDefault(selector);
            if (found == 0)
            {
                blocked.Add(new BlockedItem($"host/{host.Name}/gpu/{selector.Describe()}", BlockReason.Hardware,
                    $"host {host.Name} has no GPU matching {selector.Describe()}; check the model name or location path against the host"));
            }
            else if (selector.Count is { } expected && expected != found && selector.LocationPath is null)
            {
                blocked.Add(new BlockedItem($"host/{host.Name}/gpu/{selector.Describe()}", BlockReason.Hardware,
                    $"host {host.Name} should have {expected} {selector.Model} GPUs but has {found}; a GPU may have failed or been removed"));
            }
        }
    }

    private static bool SameModel(GpuCatalog catalog, string? wanted, string actual) =>
        wanted is not null && (ResolvedTargets.Same(wanted, actual) || (catalog.Find(wanted) is { } model && ResolvedTargets.Same(model.Name, catalog.Find(actual)?.Name)));

    private static ResourceTarget Resource(GpuRequest? request) => request switch
    {
        PartitionRequest p => new PartitionTarget(p.GpuLocationPath, p.ExpectedVram, Settings(p.Resources)),
        DdaRequest { LocationPath: { } path } => new DdaPathTarget(path),
        DdaRequest { Pool: { } pool } d => new DdaPoolTarget(pool, d.Count),
        _ => ResourceTarget.None,
    };

    /// <summary>The adapter's twelve values come only from the full resource form; `vram` alone is a size check, not a setting.</summary>
    internal static PartitionSettings Settings(PartitionResources? r) => r is null
        ? PartitionSettings.None
        : new PartitionSettings(
            r.Vram?.Min, r.Vram?.Max, r.Vram?.Optimal,
            r.Encode?.Min, r.Encode?.Max, r.Encode?.Optimal,
            r.Decode?.Min, r.Decode?.Max, r.Decode?.Optimal,
            r.Compute?.Min, r.Compute?.Max, r.Compute?.Optimal);
}
