using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>What one observed GPU should be, according to the selector of the spec that matches it.</summary>
public sealed record GpuTarget(string Host, ObservedGpu Observed, GpuMode Mode, int? PartitionCount, string? Pool)
{
    public string Path => Observed.LocationPath;

    /// <summary>Partition size once the target count is set.</summary>
    public ByteSize? PartitionVram => Mode == GpuMode.Partitioned && PartitionCount is { } n
        ? new ByteSize(Observed.Capacity.Vram.Total / (ulong)Math.Max(1, n))
        : null;
}

/// <summary>The GPU resource a VM should hold.</summary>
public abstract record ResourceTarget
{
    public static ResourceTarget None { get; } = new NoResource();
}

public sealed record NoResource : ResourceTarget;

/// <summary>A partition: pinned to a GPU, or on any partitioned GPU of the host whose partitions fit <see cref="Vram"/>.</summary>
public sealed record PartitionTarget(string? PinnedGpu, ByteSize? Vram, PartitionSettings Settings) : ResourceTarget;

public sealed record DdaPathTarget(string LocationPath) : ResourceTarget;

public sealed record DdaPoolTarget(string Pool, int Count) : ResourceTarget;

/// <summary>A managed VM: its spec, what it is now, and the resource and settings it should have.</summary>
public sealed record VmTarget(VmSpec Spec, ObservedVm Observed, ResourceTarget Resource)
{
    public string Name => Observed.Name;

    public string Host => Observed.Host;
}
