namespace Reconciler.Spec;

/// <summary>
/// One GPU-P partition: on any partitioned GPU of the VM's host, or pinned to the GPU at
/// <see cref="GpuLocationPath"/>. <see cref="Vram"/> states the expected partition size.
/// </summary>
public sealed record PartitionRequest(string? GpuLocationPath, ByteSize? Vram, PartitionResources? Resources, SourceMap Source)
    : GpuRequest(Source)
{
    /// <summary>The VRAM the VM expects, from <c>vram</c> or from <c>resources.vram.min</c>.</summary>
    public ByteSize? ExpectedVram => Vram ?? (Resources?.Vram?.Min is { } min ? new ByteSize(min) : null);
}
