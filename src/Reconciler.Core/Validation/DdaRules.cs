using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Text;

namespace Reconciler.Validation;

/// <summary>DDA VMs: each passed-through GPU goes to one VM, is declared DDA, and pools have room for every request.</summary>
internal static class DdaRules
{
    public static void Check(ValidationContext context)
    {
        var byPath = new Dictionary<(HostSpec, string), VmSpec>();
        var poolRequests = new List<(VmSpec Vm, DdaRequest Request)>();
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.Gpu is not DdaRequest request)
            {
                continue;
            }

            if (request.Pool is not null)
            {
                poolRequests.Add((vm, request));
                continue;
            }

            // A malformed path matches nothing; saying the host does not declare it would only
            // invite copying the malformed path there too.
            if (!GpuRules.CheckLocationPath(context, request.LocationPath, request.Source["locationPath"])
                || request.LocationPath is null || context.HostOf(vm) is not { } host)
            {
                continue;
            }

            var key = (host, request.LocationPath.ToUpperInvariant());
            if (byPath.TryGetValue(key, out var owner))
            {
                context.Report(Codes.DdaPathTwice, request.Source["locationPath"],
                    $"GPU {request.LocationPath} on host {host.Name} is already passed through to VM {owner.Name}; a DDA GPU serves one VM");
            }
            else
            {
                byPath[key] = vm;
            }

            CheckDeclared(context, vm, host, request);
        }

        CheckPools(context, poolRequests);
    }

    private static void CheckDeclared(ValidationContext context, VmSpec vm, HostSpec host, DdaRequest request)
    {
        var declared = host.Gpus.FirstOrDefault(g => ValidationContext.SamePath(g.LocationPath, request.LocationPath));
        if (declared is { Mode: GpuMode.Partitioned })
        {
            context.Report(Codes.DdaPathNotDeclared, request.Source["locationPath"],
                $"VM {vm.Name} wants GPU {request.LocationPath} by DDA, but host {host.Name} partitions it (line {declared.Source.Location.Line}); set mode: dda on that GPU");
        }
        else if (declared is null && !host.Gpus.Any(g => g.Mode == GpuMode.Dda && g.LocationPath is null))
        {
            context.Report(Codes.DdaPathNotDeclared, request.Source["locationPath"],
                $"VM {vm.Name} wants GPU {request.LocationPath} by DDA, but host {host.Name} does not declare it; add {{ locationPath: \"{request.LocationPath}\", mode: dda }} under hosts[{host.Name}].gpus");
        }
    }

    private static void CheckPools(ValidationContext context, List<(VmSpec Vm, DdaRequest Request)> requests)
    {
        var members = context.Spec.Hosts.SelectMany(h => h.Gpus).Where(g => g.Pool is not null).ToList();
        var pools = members.Select(g => g.Pool!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var byPool in requests.GroupBy(r => r.Request.Pool!, StringComparer.OrdinalIgnoreCase))
        {
            if (!pools.Contains(byPool.Key, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var (vm, request) in byPool)
                {
                    // A likely typo gets the suggestion alone: "add pool: inferrence to DDA GPUs" would spread it.
                    var hint = DidYouMean.Hint(request.Pool!, pools);
                    context.Report(Codes.UnknownPool, request.Source["pool"],
                        $"VM {vm.Name} asks for pool '{request.Pool}', which no GPU in spec.hosts belongs to{(hint.Length > 0 ? hint : $"; add pool: {request.Pool} to DDA GPUs")}");
                }

                continue;
            }

            var inPool = members.Where(g => string.Equals(g.Pool, byPool.Key, StringComparison.OrdinalIgnoreCase)).ToList();
            if (inPool.Exists(g => g.LocationPath is null && g.Count is null))
            {
                continue; // a model selector without count: capacity known only on the hosts
            }

            // long: counts are ints, and their sums must not overflow on absurd specs.
            static long Gpus(GpuSelector g) => g.LocationPath is not null ? 1 : g.Count!.Value;
            var capacity = inPool.Sum(Gpus);
            var perNode = context.Spec.Hosts.Max(h => h.Gpus.Where(inPool.Contains).Sum(Gpus));
            foreach (var (vm, request) in byPool.Where(r => r.Request.Count > perNode))
            {
                context.Report(Codes.PoolCapacity, request.Source["count"],
                    $"VM {vm.Name} asks for {request.Count} GPUs from pool {byPool.Key}, but no node has more than {perNode} in it, and a VM's GPUs must be on its own node");
            }

            var wanted = byPool.Sum(r => (long)r.Request.Count);
            if (wanted > capacity)
            {
                var last = byPool.Last();
                context.Report(Codes.PoolCapacity, last.Request.Source.Location,
                    $"pool {byPool.Key} has {capacity} GPUs across the cluster, but its VMs ask for {wanted} ({string.Join(", ", byPool.Select(r => $"{r.Vm.Name}: {r.Request.Count}"))}); add GPUs to the pool or lower the counts");
            }
        }
    }
}
