namespace Reconciler.LoopPolicy;

/// <summary>
/// What the loop reconciles: each cluster's last good spec. Clusters of a revision with a broken
/// file may be on different revisions: those the broken file defined keep their older one.
/// </summary>
/// <param name="Commit">The newest revision taken, wholly or in part.</param>
public sealed record DesiredSet(string Commit, IReadOnlyList<DesiredCluster> Clusters)
{
    public DesiredCluster? Find(string cluster) =>
        Clusters.FirstOrDefault(c => string.Equals(c.Name, cluster, StringComparison.OrdinalIgnoreCase));
}
