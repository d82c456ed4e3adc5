using Reconciler.Drift;

namespace Reconciler.Planning;

/// <summary>
/// VMs and GPUs that must change together: a GPU with every VM holding it or waiting for it. Each
/// group takes down its running VMs at once, so its weight is what it costs the disruption budget.
/// </summary>
internal sealed class ChangeGroup
{
    public List<GpuWork> Gpus { get; } = [];

    public List<VmWork> Vms { get; } = [];

    public int Weight => Vms.Count(v => v.Stop);

    public int Wave { get; set; }

    public bool HasGpuChange => Gpus.Count > 0;

    /// <summary>Only VMs moving back to their preferred owner: with policy.failback: immediate they do not wait for a window.</summary>
    public bool IsFailbackOnly => !HasGpuChange && Vms.Count > 0 && Vms.TrueForAll(v => v.IsFailback);

    /// <summary>A stable order: GPU changes first (by host and path), then VM changes by name.</summary>
    public string SortKey => HasGpuChange ? "0/" + Gpus.Min(g => g.Key) : "1/" + Vms.Min(v => v.Name);

    public string Describe() => HasGpuChange
        ? $"GPU{(Gpus.Count > 1 ? "s" : "")} {string.Join(", ", Gpus.Select(g => g.Key))}"
        : $"VM {string.Join(", ", Vms.Select(v => v.Name))}";
}
