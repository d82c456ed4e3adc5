namespace Reconciler.Spec;

/// <summary>A VM the spec manages. A VM without <see cref="Gpu"/> must hold no GPU resource.</summary>
public sealed record VmSpec(
    string Name,
    string? Host,
    GpuRequest? Gpu,
    MmioSpace? Mmio,
    PowerIntent Power,
    OfflineAction? OfflineAction,
    string? GuestOs,
    DriverVersion? GuestDriver,
    SourceMap Source);

/// <summary>The GPU resource a VM asks for: a partition of a partitioned GPU, or whole GPUs by DDA.</summary>
public abstract record GpuRequest(SourceMap Source);

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

/// <summary>Whole GPUs: the GPU at a location path on the VM's host, or <see cref="Count"/> GPUs from a pool.</summary>
public sealed record DdaRequest(string? LocationPath, string? Pool, int Count, SourceMap Source) : GpuRequest(Source);

/// <summary>The twelve values of Add-VMGpuPartitionAdapter, as four min/max/optimal ranges.</summary>
public sealed record PartitionResources(ResourceRange? Vram, ResourceRange? Encode, ResourceRange? Decode, ResourceRange? Compute, SourceMap Source);

/// <summary>Min, max and optimal of one partition resource (bytes for VRAM, driver units otherwise).</summary>
public sealed record ResourceRange(ulong? Min, ulong? Max, ulong? Optimal, SourceMap Source);

/// <summary>Memory-mapped I/O space a VM reserves for its devices (Set-VM -Low/HighMemoryMappedIoSpace).</summary>
public sealed record MmioSpace(ByteSize? Low, ByteSize? High, SourceMap Source);

public enum PowerIntent
{
    /// <summary>Keep whatever power state the VM had before a change (the default).</summary>
    Unmanaged,
    Running,
    Off,
}

/// <summary>The failover cluster's action when it takes a VM offline (OfflineAction 0-3).</summary>
public enum OfflineAction
{
    TurnOff = 0,
    Save = 1,
    Shutdown = 2,
    ForceShutdown = 3,
}
