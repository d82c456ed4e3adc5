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
        var vmsByHost = new Dictionary<HostSpec, List<(VmSpec Vm, PartitionRequest Request)>>();
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.Gpu is not PartitionRequest request || context.HostOf(vm) is not { } host)
            {
                continue;
            }

            var partitioned = host.Gpus.Where(g => g.Mode == GpuMode.Partitioned).ToList();
            if (partitioned.Count == 0)
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

            CheckVram(context, vm, host, request, partitioned);
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

    private static void CheckVram(ValidationContext context, VmSpec vm, HostSpec host, PartitionRequest request, List<GpuSelector> partitioned)
    {
        if (request.ExpectedVram is not { } vram)
        {
            return;
        }

        var candidates = request.GpuLocationPath is null
            ? partitioned
            : partitioned.Where(g => ValidationContext.SamePath(g.LocationPath, request.GpuLocationPath)).ToList();
        var sizes = candidates
            .Select(g => (Selector: g, Model: context.ModelOf(g)))
            .Where(c => c.Model is not null && c.Selector.PartitionCount is { } n && c.Model.ValidPartitionCounts.Contains(n)) // an invalid count is GR104's to report
            .Select(c => (c.Model!, Count: c.Selector.PartitionCount!.Value, Size: c.Model!.PartitionSize(c.Selector.PartitionCount!.Value)))
            .ToList();
        if (sizes.Count == 0 || sizes.Exists(s => VramFit.Matches(vram, s.Size)))
        {
            return; // nothing known offline to compare with, or a match
        }

        var options = string.Join(" or ", sizes.Select(s => $"{s.Size.ToDisplayString()} ({s.Item1.Name} with partitionCount {s.Count})").Distinct());
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
