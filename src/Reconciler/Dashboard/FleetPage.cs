namespace Reconciler.Dashboard;

/// <summary>
/// GET /: the source's health, a count of clusters per state, and one row per cluster, those
/// that need a person first: state, revisions, drift, VMs down against the budget, the next
/// maintenance window and the last reconcile.
/// </summary>
internal static class FleetPage
{
    public static string Render(PageContext context)
    {
        var rows = FleetRow.Sorted(context.Board.Clusters.Select(c => FleetRow.Of(c, context.Board.View(c.Name), context.Now)));
        return PageShell.Render("Fleet", new Markup("<span aria-current=\"page\">Fleet</span>"), context, html =>
        {
            html.Raw("<h1>Fleet</h1>");
            SourcePanel.Write(html, context);
            Tiles(html, rows);
            Table(html, rows, context);
        });
    }

    private static void Tiles(HtmlBuilder html, IReadOnlyList<FleetRow> rows)
    {
        html.Raw("<ul class=\"tiles\" aria-label=\"Clusters by state\">");
        foreach (var group in rows.GroupBy(r => r.Health.State).OrderBy(g => g.Key))
        {
            var health = group.First().Health;
            var word = health.State == HealthState.Waiting ? "Blocked (window)" : health.Word;
            html.Add($"<li class=\"tile {health.CssClass}\"><span class=\"icon\" aria-hidden=\"true\">{health.Icon}</span><span class=\"count\">{group.Count()}</span> {word}</li>");
        }

        html.Add($"<li class=\"tile total\"><span class=\"count\">{rows.Count}</span> cluster{(rows.Count == 1 ? "" : "s")}</li></ul>");
    }

    private static void Table(HtmlBuilder html, IReadOnlyList<FleetRow> rows, PageContext context)
    {
        if (rows.Count == 0)
        {
            html.Raw("<p class=\"empty\">No clusters yet: the first tick has not finished, or the source has no valid revision.</p>");
            return;
        }

        html.Raw("""
            <table class="grid fleet">
            <caption>Clusters, those needing a person first</caption>
            <thead><tr><th scope="col">Cluster</th><th scope="col">State</th><th scope="col">Applied / attempted</th><th scope="col">GPUs</th><th scope="col">Drift</th><th scope="col">VMs down / budget</th><th scope="col">Next window</th><th scope="col">Last reconcile</th></tr></thead>
            <tbody>
            """);
        foreach (var row in rows)
        {
            var status = row.Status;
            var last = status.LastResult;
            html.Add($"<tr class=\"{row.Health.CssClass}\"><th scope=\"row\"><a href=\"/clusters/{Uri.EscapeDataString(status.Name)}\">{status.Name}</a><span class=\"mode\">{status.Mode.ToString().ToLowerInvariant()}</span></th>");
            html.Add($"<td>{StatePill.Of(row.Health, context.Now)}<div class=\"detail\">{row.Health.Detail}</div></td>");
            var behind = status.LastAttemptedRevision is { } attempted && attempted != status.LastAppliedRevision;
            html.Add($"<td>{(status.LastAppliedRevision is null ? new Markup("<span class=\"muted\" title=\"no revision applied yet\">none</span>") : context.Revision(status.LastAppliedRevision))}{(behind ? new Markup(" <span class=\"arrow\" title=\"attempted a newer revision\">→</span> ") : new Markup(" / "))}{context.Revision(status.LastAttemptedRevision)}</td>");
            html.Add($"<td>{(row.Gpus is { } gpus ? new Markup(new HtmlBuilder().Add($"{Display.Plural(gpus.Gpus, "GPU", "GPUs")}<div class=\"detail\">{gpus.Detail}</div>").ToString()) : new Markup("<span class=\"muted\">not observed</span>"))}</td>");
            html.Add($"<td class=\"num\">{(status.Drift.Count == 0 ? new Markup("<span class=\"ok\">0</span>") : new Markup($"<span class=\"warn\"><span aria-hidden=\"true\">⚠ </span>{status.Drift.Count}</span>"))}</td>");
            html.Add($"<td class=\"num\">{Down(row)}</td>");
            html.Add($"<td>{row.Window}{(row.WindowOpens is { } opens ? new Markup(" " + Display.When(opens, context.Now).Value) : new Markup(""))}</td>");
            html.Add($"<td>{(last is null ? new Markup("<span class=\"muted\">not yet</span>") : new Markup(new HtmlBuilder().Add($"{Display.When(last.At, context.Now)}<div class=\"detail\">{Display.Duration(TimeSpan.FromSeconds(last.DurationSeconds))}, {Display.Plural(last.Executed, "operation", "operations")}{(last.Failed > 0 ? $", {last.Failed} failed" : "")}</div>").ToString()))}</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static Markup Down(FleetRow row)
    {
        if (row.VmsDown is not { } down)
        {
            return new Markup("<span class=\"muted\">—</span>");
        }

        var over = row.Budget is { } budget && down > budget;
        return new Markup(new HtmlBuilder().Add($"<span class=\"{(down == 0 ? "ok" : over ? "bad" : "warn")}\">{down}</span> / {row.Budget}{(over ? new Markup(" <span class=\"bad\">over budget</span>") : new Markup(""))}").ToString());
    }
}
