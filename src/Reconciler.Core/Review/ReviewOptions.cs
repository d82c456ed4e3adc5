using Reconciler.Catalog;
using Reconciler.Observed;

namespace Reconciler.Review;

/// <summary>What a review compares, and against what it plans.</summary>
/// <param name="Observed">Clusters a target reported, by name; any other cluster is planned against its <see cref="AssumedCluster"/>.</param>
/// <param name="ObservedLabel">Where <paramref name="Observed"/> came from, in words ("simulator in .reconciler/sim").</param>
public sealed record ReviewOptions(
    string BaseRevision,
    string HeadRevision,
    GpuCatalog Catalog,
    DateTimeOffset Now,
    IReadOnlyDictionary<string, ObservedCluster>? Observed = null,
    string? ObservedLabel = null);
