using Reconciler.Reconciliation;

namespace Reconciler.Dashboard;

/// <summary>
/// GET /clusters/{name}: the cluster's state and revisions, its GPU layout observed → desired (the
/// review's picture), the drift, the plan the next tick would run, the conditions and the history.
/// </summary>
internal static class ClusterPage
{
    public static string? Render(PageContext context, string name)
    {
        if (context.Board.Cluster(name) is not { } status)
        {
            return null;
        }

        var view = context.Board.View(status.Name);
        var row = FleetRow.Of(status, view, context.Now);
        var crumbs = new HtmlBuilder().Add($"<a href=\"/\">Fleet</a> <span aria-hidden=\"true\">›</span> <span aria-current=\"page\">{status.Name}</span>").ToString();
        return PageShell.Render(status.Name, new Markup(crumbs), context, html =>
        {
            Header(html, row, context);
            if (status.Is(ConditionType.Stalled))
            {
                SourcePanel.Write(html, context);
            }

            html.Raw("<div class=\"split\">");
            LayoutSection.Write(html, status, view, context);
            GlancePanel.Write(html, status, view, context);
            html.Raw("</div>");
            DriftSection.Write(html, status, context);
            PlanSection.Write(html, status, view, context);
            Conditions(html, status, context);
            HistorySection.Write(html, status, context);
        });
    }

    private static void Header(HtmlBuilder html, FleetRow row, PageContext context)
    {
        var status = row.Status;
        html.Add($"<div class=\"title\"><h1>{status.Name}</h1>{StatePill.Of(row.Health, context.Now)}<span class=\"mode\">{status.Mode.ToString().ToLowerInvariant()} mode</span></div>");
        html.Add($"<p class=\"lead {row.Health.CssClass}\">{row.Health.Detail}</p>");
        html.Raw("<dl class=\"facts cards\">");
        html.Add($"<div><dt>Last applied</dt><dd>{(status.LastAppliedRevision is null ? new Markup("<span class=\"muted\">never</span>") : new Markup(context.Revision(status.LastAppliedRevision).Value + " " + Display.When(status.LastAppliedAt, context.Now).Value))}</dd></div>");
        html.Add($"<div><dt>Last attempted</dt><dd>{context.Revision(status.LastAttemptedRevision)}</dd></div>");
        html.Add($"<div><dt>Reconciling</dt><dd>{context.Revision(status.DesiredRevision)}</dd></div>");
        html.Add($"<div><dt>VMs down / budget</dt><dd>{(row.VmsDown is { } down ? $"{down} / {row.Budget}" : "—")}</dd></div>");
        html.Add($"<div><dt>Next window</dt><dd>{row.Window}{(row.WindowOpens is { } opens ? new Markup(" " + Display.When(opens, context.Now).Value) : new Markup(""))}</dd></div>");
        html.Add($"<div><dt>Last reconcile</dt><dd>{(status.LastResult is { } last ? new Markup(Display.When(last.At, context.Now).Value + HtmlBuilder.Escape($", {Display.Duration(TimeSpan.FromSeconds(last.DurationSeconds))}")) : new Markup("—"))}</dd></div>");
        html.Raw("</dl>");
    }

    private static void Conditions(HtmlBuilder html, ClusterStatus status, PageContext context)
    {
        html.Raw("""
            <section aria-labelledby="conditions-h"><h2 id="conditions-h">Conditions</h2>
            <table class="grid"><thead><tr><th scope="col">Condition</th><th scope="col">Status</th><th scope="col">Reason</th><th scope="col">Message</th><th scope="col">Since</th></tr></thead><tbody>
            """);
        foreach (var condition in status.Conditions)
        {
            // Ready true is good; for the others (Stalled, Drifted, Reconciling) true is what needs a look.
            var good = condition.Type == ConditionType.Ready ? condition.Status : !condition.Status;
            html.Add($"<tr><th scope=\"row\">{condition.Type.ToString()}</th><td><span class=\"{(good ? "ok" : "warn")}\"><span aria-hidden=\"true\">{(good ? "✔" : "⚠")} </span>{(condition.Status ? "True" : "False")}</span></td><td><code>{condition.Reason}</code></td><td class=\"message\">{condition.Message}</td><td>{Display.When(condition.LastTransition, context.Now)}</td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }
}
