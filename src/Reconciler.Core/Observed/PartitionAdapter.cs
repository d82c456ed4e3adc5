namespace Reconciler.Observed;

/// <summary>
/// A VM's GPU partition adapter (Msvm_GpuPartitionSettingData). <see cref="GpuLocationPath"/> is
/// the GPU it is pinned to, or the GPU it resolved to when the VM started; null when unresolved.
/// </summary>
public sealed record PartitionAdapter(string? GpuLocationPath, bool Pinned, PartitionSettings Settings);
