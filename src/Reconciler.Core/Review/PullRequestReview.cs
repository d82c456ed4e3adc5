using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Review;

/// <summary>The review of a pull request: every changed cluster, and the findings the head brings that the base did not have.</summary>
public sealed record PullRequestReview(
    string BaseRevision,
    string HeadRevision,
    bool HeadValid,
    int HeadErrors,
    ValueList<Diagnostic> NewDiagnostics,
    int KnownDiagnostics,
    ValueList<ClusterReview> Clusters)
{
    /// <summary>The one line at the top of the comment.</summary>
    public string Verdict
    {
        get
        {
            var changed = Clusters.Count == 0
                ? "no cluster spec changed"
                : $"{Clusters.Count} cluster{(Clusters.Count == 1 ? "" : "s")} changed";
            if (!HeadValid)
            {
                return $"❌ Head is invalid ({HeadErrors} error{(HeadErrors == 1 ? "" : "s")}): the reconciler would stall on it and keep running the last good revision; {changed}";
            }

            var stuck = Clusters.Count(c => c.IsStuck);
            var waiting = Clusters.Count(c => !c.IsStuck && c.Window is not null);
            var disruptive = Clusters.Sum(c => c.Restarted.Count + c.ShutDown.Count);
            var parts = new List<string> { changed };
            if (disruptive > 0)
            {
                parts.Add($"{disruptive} VM{(disruptive == 1 ? "" : "s")} shut down");
            }

            if (stuck > 0)
            {
                parts.Add($"{stuck} blocked");
            }

            if (waiting > 0)
            {
                parts.Add($"{waiting} waiting for a maintenance window");
            }

            var mark = stuck > 0 ? "⛔" : waiting > 0 ? "⏳" : disruptive > 0 ? "⚠️" : "✅";
            return $"{mark} Head is valid: {string.Join(", ", parts)}";
        }
    }
}
