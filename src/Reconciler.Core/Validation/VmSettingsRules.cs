using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>MMIO within Hyper-V's ranges, and force-shutdown offline action for clustered GPU VMs.</summary>
internal static class VmSettingsRules
{
    // Msvm_VirtualSystemSettingData.LowMmioGapSize: 128-3584 MB. High MMIO: at least Hyper-V's
    // 512 MB default; the upper bound is ours (no documented maximum): 16 TiB is far beyond any
    // GPU VM and catches unit slips such as writing MB for TB.
    private static readonly ByteSize LowMin = new(128 * ByteSize.MiB);
    private static readonly ByteSize LowMax = new(3584 * ByteSize.MiB);
    private static readonly ByteSize HighMin = new(512 * ByteSize.MiB);
    private static readonly ByteSize HighMax = new(16 * ByteSize.TiB);

    public static void Check(ValidationContext context)
    {
        foreach (var vm in context.Spec.Vms)
        {
            if (vm.Mmio is { } mmio)
            {
                CheckRange(context, vm, mmio, "low", mmio.Low, LowMin, LowMax);
                CheckRange(context, vm, mmio, "high", mmio.High, HighMin, HighMax);
            }

            if (context.Spec.FailoverCluster && vm.Gpu is not null && vm.OfflineAction is { } action && action != OfflineAction.ForceShutdown)
            {
                context.Report(Codes.OfflineAction, vm.Source["offlineAction"],
                    $"VM {vm.Name} holds a GPU in a failover cluster, so its offline action must be forceShutdown (a GPU VM cannot be saved and must restart elsewhere); remove offlineAction or set forceShutdown");
            }
        }
    }

    private static void CheckRange(ValidationContext context, VmSpec vm, MmioSpace mmio, string key, ByteSize? value, ByteSize min, ByteSize max)
    {
        if (value is not { } size)
        {
            return;
        }

        if (size < min || size > max)
        {
            context.Report(Codes.MmioRange, mmio.Source[key],
                $"VM {vm.Name}: {key} MMIO {size.ToDisplayString()} is outside Hyper-V's range {min.ToDisplayString()} to {max.ToDisplayString()}");
        }
        else if (size.Bytes % ByteSize.MiB != 0)
        {
            context.Report(Codes.MmioRange, mmio.Source[key],
                $"VM {vm.Name}: {key} MMIO {size.ToDisplayString()} is not a whole number of MiB, which is the unit Hyper-V stores; round it to MiB");
        }
    }
}
