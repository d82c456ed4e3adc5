using Reconciler.Spec;

namespace Reconciler.Catalog;

/// <summary>What the catalog knows of one GPU model.</summary>
public sealed record GpuModel(
    string Name,
    int GpusPerBoard,
    ByteSize VramPerGpu,
    ValueList<int> ValidPartitionCounts,
    bool SupportsPartitioning,
    bool Confirmed)
{
    /// <summary>Nominal VRAM of one partition: VRAM per GPU / partition count.</summary>
    public ByteSize PartitionSize(int partitionCount) => new(VramPerGpu.Bytes / (ulong)Math.Max(1, partitionCount));

    public string ValidCountsText => string.Join(", ", ValidPartitionCounts);
}
