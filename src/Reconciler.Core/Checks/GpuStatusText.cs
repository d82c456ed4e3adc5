using Reconciler.Observed;

namespace Reconciler.Checks;

/// <summary>
/// The "Assigned status" texts of Windows Admin Center's GPUs tab (Microsoft Learn,
/// partition-assign-vm-gpu.md; reference/hyperv-gpu.md §4.4), one per <see cref="GpuStatus"/>.
/// </summary>
public static class GpuStatusText
{
    public static string Of(GpuStatus status) => status switch
    {
        GpuStatus.Partitioned => "Partitioned",
        GpuStatus.Dismounted => "Ready for DDA assignment",
        GpuStatus.Paravirtualization => "Paravirtualization",
        GpuStatus.NotAssignable => "Not assignable",
        _ => status.ToString(),
    };
}
