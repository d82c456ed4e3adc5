using Reconciler.Service;

namespace Reconciler.Http;

/// <summary>GET /api/v1/status: the source and one line per cluster.</summary>
internal sealed record StatusDocument(bool Ready, SourceStatus Source, IReadOnlyList<ClusterSummary> Clusters)
{
    public static StatusDocument Of(StatusBoard board) =>
        new(board.IsReady, board.Source, [.. board.Clusters.Select(ClusterSummary.Of)]);
}
