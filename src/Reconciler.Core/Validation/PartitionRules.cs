using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>
/// GPU-P VMs: their host exists and has partitioned GPUs, there are enough partitions for all of
/// them, and the VRAM they expect is the partition size the GPUs will have.
/// </summary>
internal static class PartitionRules
{
    public static void Check(ValidationContext context)
    {
        // By reference: every VM of a host gets the same HostSpec from the context, and hashing the
        // record would walk all its GPUs for each of the host's VMs.
        var vmsByHost = new Dictionary<HostSpec, List<(VmSpec Vm, PartitionRequest Request)>>(ReferenceEqualityComparer.Instance);
        var partitionsByHost = new Dictionary<HostSpec, HostPartitions>(ReferenceEqualityComparer.Instance);
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.Gpu is not PartitionRequest request || context.HostOf(vm) is not { } host)
            {
                continue;
            }

            if (!partitionsByHost.TryGetValue(host, out var partitions))
            {
                partitionsByHost[host] = partitions = new HostPartitions(context, host);
            }

            if (partitions.Partitioned.Count == 0)
            {
                context.Report(Codes.NoPartitionedGpu, vm.Gpu.Source.Location,
                    $"VM {vm.Name} wants a GPU partition, but host {host.Name} declares no partitioned GPU; add one under hosts[{host.Name}].gpus with partitionCount");
                continue;
            }

            if (request.GpuLocationPath is not null)
            {
                if (!GpuRules.CheckLocationPath(context, request.GpuLocationPath, request.Source["gpu"])
                    || !CheckPinned(context, vm, host, request))
                {
                    continue;
                }
            }

            CheckVram(context, vm, host, request, partitions);
            if (!vmsByHost.TryGetValue(host, out var list))
            {
                vmsByHost[host] = list = [];
            }

            list.Add((vm, request));
        }

        foreach (var (host, vms) in vmsByHost)
        {
            CheckHostCapacity(context, host, vms);
            CheckGpuCapacity(context, host, vms);
        }
    }

    /// <summary>A host's partitioned selectors and the partition sizes they make, worked out once per host rather than per VM.</summary>
    private sealed class HostPartitions(ValidationContext context, HostSpec host)
    {
        public List<GpuSelector> Partitioned { get; } = host.Gpus.Where(g => g.Mode == GpuMode.Partitioned).ToList();

        /// <summary>The sizes of every partitioned selector, for VMs not pinned to a GPU.</summary>
        public List<(GpuModel Model, int Count, ByteSize Size)> Sizes => _sizes ??= SizesOf(context, Partitioned);

        private List<(GpuModel Model, int Count, ByteSize Size)>? _sizes;
    }

    // Its own method: a lambda in CheckVram would allocate its closure on every call, pinned or not.
    // A path that no selector names can only be one of the GPUs selected by model and count, so
    // their partition sizes are what the pinned partition can be.
    private static List<GpuSelector> PinnedTo(List<GpuSelector> partitioned, string path)
    {
        var named = partitioned.Where(g => ValidationContext.SamePath(g.LocationPath, path)).ToList();
        return named.Count > 0 ? named : partitioned.Where(g => g.LocationPath is null).ToList();
    }

    /// <summary>Selectors with a known model and a valid count, and their partition size; an invalid count is GR104's to report.</summary>
    private static List<(GpuModel Model, int Count, ByteSize Size)> SizesOf(ValidationContext context, List<GpuSelector> candidates)
    {
        var sizes = new List<(GpuModel Model, int Count, ByteSize Size)>();
        foreach (var selector in candidates)
        {
            if (context.ModelOf(selector) is { } model && selector.PartitionCount is { } n && model.ValidPartitionCounts.Contains(n))
            {
                sizes.Add((model, n, model.PartitionSize(n)));
            }
        }

        return sizes;
    }

    private static bool CheckPinned(ValidationContext context, VmSpec vm, HostSpec host, PartitionRequest request)
    {
        var declared = host.Gpus.FirstOrDefault(g => ValidationContext.SamePath(g.LocationPath, request.GpuLocationPath));
        if (declared is { Mode: GpuMode.Dda })
        {
            context.Report(Codes.PinnedGpuNotPartitioned, request.Source["gpu"],
                $"VM {vm.Name} is pinned to GPU {request.GpuLocationPath}, which host {host.Name} passes through by DDA (line {declared.Source.Location.Line}); pin a partitioned GPU");
            return false;
        }

        // Undeclared paths may still belong to a model selector; only the host can tell.
        if (declared is null && !host.Gpus.Any(g => g.Mode == GpuMode.Partitioned && g.LocationPath is null))
        {
            context.Report(Codes.PinnedGpuNotPartitioned, request.Source["gpu"],
                $"VM {vm.Name} is pinned to GPU {request.GpuLocationPath}, which host {host.Name} does not declare; add it under hosts[{host.Name}].gpus with partitionCount");
            return false;
        }

        return true;
    }

    private static void CheckVram(ValidationContext context, VmSpec vm, HostSpec host, PartitionRequest request, HostPartitions partitions)
    {
        if (request.ExpectedVram is not { } vram)
        {
            return;
        }

        var sizes = request.GpuLocationPath is not { } pinned ? partitions.Sizes : SizesOf(context, PinnedTo(partitions.Partitioned, pinned));
        if (sizes.Count == 0)
        {
            return; // nothing known offline to compare with
        }

        foreach (var (_, _, size) in sizes)
        {
            if (VramFit.Matches(vram, size))
            {
                return;
            }
        }

        var options = string.Join(" or ", sizes.Select(s => $"{s.Size.ToDisplayString()} ({s.Model.Name} with partitionCount {s.Count})").Distinct());
        context.Report(Codes.VramMismatch, request.ExpectedVram == request.Vram ? request.Source["vram"] : request.Source["resources"],
            $"VM {vm.Name} expects {vram.ToDisplayString()} of VRAM, but partitions on host {host.Name} are {options}; set vram to the partition size or change partitionCount");
    }

    private static void CheckHostCapacity(ValidationContext context, HostSpec host, List<(VmSpec Vm, PartitionRequest Request)> vms)
    {
        long capacity = 0;
        foreach (var selector in host.Gpus.Where(g => g.Mode == GpuMode.Partitioned))
        {
            var gpus = selector.LocationPath is not null ? 1 : selector.Count;
            if (gpus is null || selector.PartitionCount is null)
            {
                return; // unknown offline without `count`; the host reports it later
            }

            capacity += (long)gpus.Value * selector.PartitionCount.Value;
        }

        if (vms.Count > capacity)
        {
            var over = vms[(int)capacity];
            context.Report(Codes.HostCapacity, over.Vm.Gpu!.Source.Location,
                $"host {host.Name} has {capacity} GPU partitions, but {vms.Count} VMs want one (VM {over.Vm.Name} is the first without); raise partitionCount, add GPUs or move VMs");
        }
    }

    private static void CheckGpuCapacity(ValidationContext context, HostSpec host, List<(VmSpec Vm, PartitionRequest Request)> vms)
    {
        foreach (var pinned in vms.Where(v => v.Request.GpuLocationPath is not null)
                     .GroupBy(v => v.Request.GpuLocationPath!, StringComparer.OrdinalIgnoreCase))
        {
            var selector = host.Gpus.FirstOrDefault(g => ValidationContext.SamePath(g.LocationPath, pinned.Key));
            if (selector?.PartitionCount is not { } capacity || pinned.Count() <= capacity)
            {
                continue;
            }

            var over = pinned.ElementAt(capacity);
            context.Report(Codes.GpuCapacity, over.Request.Source["gpu"],
                $"GPU {pinned.Key} on host {host.Name} has {capacity} partitions, but {pinned.Count()} VMs are pinned to it (VM {over.Vm.Name} is the first without); unpin some or raise partitionCount");
        }
    }
}
