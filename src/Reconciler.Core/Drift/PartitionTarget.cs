using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>A partition: pinned to a GPU, or on any partitioned GPU of the host whose partitions fit <see cref="Vram"/>.</summary>
public sealed record PartitionTarget(string? PinnedGpu, ByteSize? Vram, PartitionSettings Settings) : ResourceTarget;
