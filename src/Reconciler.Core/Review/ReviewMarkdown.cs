using System.Globalization;
using System.Text;
using Reconciler.Planning;

namespace Reconciler.Review;

/// <summary>
/// A review as Markdown for a pull-request comment, readable as plain text too: the verdict on the
/// first line, then per changed cluster its verdict, a before/after table per changed host, the
/// VMs that go down, the operations and what blocks them; new validation findings last.
/// </summary>
public static class ReviewMarkdown
{
    /// <param name="svgUrl">Where the pictures are published (<c>--svg-url</c>): each cluster embeds PREFIX/&lt;cluster&gt;.svg; null embeds none.</param>
    public static string Write(PullRequestReview review, string? svgUrl = null)
    {
        var md = new StringBuilder();
        md.Append(CultureInfo.InvariantCulture, $"**Reconciler review** {review.Verdict}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Base `{review.BaseRevision}` → head `{review.HeadRevision}`\n\n");
        if (!review.HeadValid)
        {
            Validation(md, review);
        }

        foreach (var cluster in review.Clusters)
        {
            Cluster(md, cluster, svgUrl);
        }

        if (review.HeadValid)
        {
            Validation(md, review);
        }

        return md.ToString();
    }

    private static void Cluster(StringBuilder md, ClusterReview cluster, string? svgUrl)
    {
        md.Append(CultureInfo.InvariantCulture, $"### {cluster.Verdict}\n\n");
        md.Append(CultureInfo.InvariantCulture, $"`{cluster.File}` · {cluster.Change.ToString().ToLowerInvariant()}");
        if (cluster.ObservedFrom.Length > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $" · observed state {cluster.ObservedFrom}");
        }

        md.Append("\n\n");
        if (cluster is not { Before: { } before, After: { } after, Plan: { } plan })
        {
            if (!cluster.Valid)
            {
                md.Append("Fix the errors listed under **Validation** above; the reconciler plans nothing for an invalid spec.\n\n");
            }

            return;
        }

        if (svgUrl is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"![{cluster.Cluster}: GPU layout before and after]({svgUrl.TrimEnd('/')}/{ReviewSvg.FileName(cluster.Cluster)})\n\n");
        }

        var unchanged = new List<string>();
        foreach (var host in after.Hosts)
        {
            if (!Host(md, before.Host(host.Name), host, cluster))
            {
                unchanged.Add(host.Name);
            }
        }

        if (unchanged.Count > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"Hosts without changes: {string.Join(", ", unchanged)}.\n\n");
        }

        Disruption(md, cluster);
        Operations(md, cluster, plan);
        if (cluster.Assumptions.Count > 0)
        {
            md.Append("<details><summary>Assumptions (no host was asked)</summary>\n\n");
            foreach (var note in cluster.Assumptions)
            {
                md.Append(CultureInfo.InvariantCulture, $"- {Cell(note)}\n");
            }

            md.Append("\n</details>\n\n");
        }
    }

    /// <summary>Writes a host's tables when anything on it changes; false when nothing does.</summary>
    private static bool Host(StringBuilder md, HostLayout? before, HostLayout after, ClusterReview cluster)
    {
        var disrupted = cluster.Restarted.Concat(cluster.ShutDown).Concat(cluster.Started).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var gpus = after.Gpus.Select(g => (After: g, Before: before?.Gpu(g.Path), Change: LayoutChanges.Gpu(before?.Gpu(g.Path), g))).ToList();
        var vms = after.Vms.Select(v => (After: v, Before: before?.Vm(v.Name))).ToList();
        var changedVms = vms.Where(v => v.Before is null || v.Before != v.After || disrupted.Contains(v.After.Name)).ToList();
        if (gpus.All(g => g.Change.Length == 0) && changedVms.Count == 0)
        {
            return false;
        }

        md.Append(CultureInfo.InvariantCulture, $"#### Host {after.Name}\n\n");
        md.Append("| GPU | location | before | after | change |\n| --- | --- | --- | --- | --- |\n");
        foreach (var (gpu, old, change) in gpus)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {gpu.Label} | `{Cell(gpu.Path)}` {Cell(gpu.Model)} | {(old is null ? "(not there)" : Cell(old.Shape))} | {Cell(gpu.Shape)} | {(change.Length == 0 ? "" : $"**{Cell(change)}**")} |\n");
        }

        md.Append('\n');
        if (changedVms.Count > 0)
        {
            md.Append("| VM | before | after | effect |\n| --- | --- | --- | --- |\n");
            foreach (var (vm, old) in changedVms)
            {
                md.Append(CultureInfo.InvariantCulture,
                    $"| {Cell(vm.Name)} | {(old is null ? "(not there)" : Cell($"{old.Resource}, {old.State}"))} | {Cell($"{vm.Resource}, {vm.State}")} | {Effect(vm.Name, cluster)} |\n");
            }

            md.Append('\n');
        }

        var others = vms.Count - changedVms.Count;
        if (others > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"{others} other VM{(others == 1 ? "" : "s")} on {after.Name}: unchanged.\n\n");
        }

        return true;
    }

    private static string Effect(string vm, ClusterReview cluster) =>
        cluster.Restarted.Contains(vm, StringComparer.OrdinalIgnoreCase) ? "**shut down and restarted**"
        : cluster.ShutDown.Contains(vm, StringComparer.OrdinalIgnoreCase) ? "**shut down**"
        : cluster.Started.Contains(vm, StringComparer.OrdinalIgnoreCase) ? "started"
        : "changed while off";

    private static void Disruption(StringBuilder md, ClusterReview cluster)
    {
        md.Append(CultureInfo.InvariantCulture, $"**Shut down and restarted:** {List(cluster.Restarted)}  \n");
        md.Append(CultureInfo.InvariantCulture, $"**Shut down (stay off):** {List(cluster.ShutDown)}  \n");
        md.Append(CultureInfo.InvariantCulture, $"**Started:** {List(cluster.Started)}\n\n");
    }

    private static void Operations(StringBuilder md, ClusterReview cluster, Plan plan)
    {
        var waves = plan.Summary.Waves;
        md.Append(CultureInfo.InvariantCulture,
            $"**Operations:** {plan.Operations.Count}{(waves > 0 ? $" in {waves} wave{(waves == 1 ? "" : "s")} of at most the disruption budget" : "")}; ");
        md.Append(cluster.Blocked.Count == 0 ? "nothing blocked.\n\n" : "blocked:\n\n");
        foreach (var item in cluster.Blocked)
        {
            md.Append(CultureInfo.InvariantCulture, $"- **{item.Reason.ToString().ToLowerInvariant()}**: {Cell(item.Message)}\n");
        }

        if (cluster.Blocked.Count > 0)
        {
            md.Append('\n');
        }

        if (plan.Operations.Count == 0)
        {
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"<details><summary>The {plan.Operations.Count} operations in order</summary>\n\n");
        foreach (var op in plan.Operations)
        {
            md.Append(CultureInfo.InvariantCulture, $"1. `{op.Kind}` on {op.Host}: {Cell(op.Description)}{(op.Disruptive ? " (disruptive)" : "")}\n");
        }

        md.Append("\n</details>\n\n");
    }

    private static void Validation(StringBuilder md, PullRequestReview review)
    {
        md.Append("### Validation\n\n");
        if (review.NewDiagnostics.Count == 0)
        {
            md.Append("No new errors or warnings.\n");
        }

        foreach (var d in review.NewDiagnostics)
        {
            md.Append(CultureInfo.InvariantCulture, $"- `{d.Location}` **{(d.IsError ? "error" : "warning")}** {d.Code.Id}: {Cell(d.Message)}\n");
        }

        if (review.KnownDiagnostics > 0)
        {
            md.Append(CultureInfo.InvariantCulture, $"\n{review.KnownDiagnostics} finding{(review.KnownDiagnostics == 1 ? " was" : "s were")} already in the base (run `reconciler validate` to see all).\n");
        }

        md.Append('\n');
    }

    private static string List(IReadOnlyList<string> vms) => vms.Count == 0 ? "none" : string.Join(", ", vms);

    /// <summary>
    /// Text from specs and hosts made safe in a table cell or list item: pipes escaped, no line
    /// breaks, and angle brackets as entities, so a message like "&lt;none&gt;" is shown, not taken
    /// for HTML and swallowed by the pull-request page.
    /// </summary>
    private static string Cell(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .ReplaceLineEndings(" ");
}
