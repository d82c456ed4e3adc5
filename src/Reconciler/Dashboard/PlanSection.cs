using Reconciler.Drift;
using Reconciler.Service;
using Reconciler.Planning;
using Reconciler.Reconciliation;
using Reconciler.Spec;

namespace Reconciler.Dashboard;

/// <summary>
/// The plan the next tick would run (worked out against the last observation), by wave and host,
/// which VMs it takes down and for about how long, and what is blocked and until when. When there
/// is nothing to do, the steps of the last plan that ran.
/// </summary>
internal static class PlanSection
{
    public static void Write(HtmlBuilder html, ClusterStatus status, ClusterView? view, PageContext context)
    {
        html.Raw("<section aria-labelledby=\"plan-h\"><h2 id=\"plan-h\">Plan</h2>");
        if (view?.Next is not { } next)
        {
            html.Raw("<p class=\"muted\">No plan yet: the cluster has not been observed.</p>");
            LastPlan(html, status);
            html.Raw("</section>");
            return;
        }

        var alert = status.Mode == PolicyMode.Alert;
        if (next.Operations.Count == 0 && next.Blocked.Count == 0)
        {
            html.Raw("<p class=\"ok\"><span aria-hidden=\"true\">✔ </span>Nothing to do: the next tick would run no operation.</p>");
            LastPlan(html, status);
            html.Raw("</section>");
            return;
        }

        html.Add($"<p class=\"note\">{(alert ? "Alert mode: this is what enforce would run; nothing is changed." : "What the next tick would run, worked out against the last observation")} ({Display.Plural(next.Operations.Count, "operation", "operations")}{(next.Summary.Waves > 0 ? $" in {Display.Plural(next.Summary.Waves, "wave", "waves")}" : "")}).</p>");
        Downtimes(html, next, context.Board.Timings);
        Steps(html, next);
        Blocked(html, next.Blocked, context);
        html.Raw("</section>");
    }

    private static void Steps(HtmlBuilder html, Plan plan)
    {
        if (plan.Operations.Count == 0)
        {
            return;
        }

        html.Raw("""
            <table class="grid plan"><caption>Steps by wave and host</caption><thead><tr><th scope="col">Wave</th><th scope="col">Host</th><th scope="col">Step</th><th scope="col">Operation</th><th scope="col">Disruptive</th></tr></thead><tbody>
            """);
        foreach (var op in plan.Operations.OrderBy(o => o.Wave).ThenBy(o => o.Host, StringComparer.OrdinalIgnoreCase))
        {
            html.Add($"<tr><td class=\"num\">{op.Wave}</td><td>{op.Host}</td><td><code>{op.Id}</code></td><td>{op.Description}</td><td>{(op.Disruptive ? new Markup("<span class=\"warn\"><span aria-hidden=\"true\">⚠ </span>yes</span>") : new Markup("no"))}</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Downtimes(HtmlBuilder html, Plan plan, OperationTimings timings)
    {
        var downtimes = Downtime.Of(plan, timings);
        if (downtimes.Count == 0)
        {
            html.Raw("<p>No VM goes down.</p>");
            return;
        }

        html.Raw("<table class=\"grid\"><caption>VMs the plan takes down</caption><thead><tr><th scope=\"col\">VM</th><th scope=\"col\">Down for</th></tr></thead><tbody>");
        foreach (var down in downtimes)
        {
            html.Add($"<tr><th scope=\"row\"><span aria-hidden=\"true\">⏻ </span>{down.Vm}</th><td>{down.Text}</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void Blocked(HtmlBuilder html, ValueList<BlockedItem> blocked, PageContext context)
    {
        if (blocked.Count == 0)
        {
            return;
        }

        html.Raw("<table class=\"grid blocked\"><caption>Blocked</caption><thead><tr><th scope=\"col\">Object</th><th scope=\"col\">Reason</th><th scope=\"col\">Why</th><th scope=\"col\">Until</th></tr></thead><tbody>");
        foreach (var item in blocked)
        {
            html.Add($"<tr><th scope=\"row\"><span aria-hidden=\"true\">■ </span>{item.Object}</th><td>{item.Reason.ToString()}</td><td class=\"message\">{item.Message}</td><td>{(item.Until is { } until ? Display.When(until, context.Now) : new Markup("a person acts"))}</td></tr>");
        }

        html.Raw("</tbody></table>");
    }

    private static void LastPlan(HtmlBuilder html, ClusterStatus status)
    {
        if (status.LastPlan is not { Operations: > 0 } last)
        {
            return;
        }

        html.Add($"<details><summary>The last plan that ran ({Display.Plural(last.Operations, "operation", "operations")})</summary><ol class=\"steps\">");
        foreach (var step in last.Steps)
        {
            html.Add($"<li><code>{step}</code></li>");
        }

        html.Raw("</ol></details>");
    }
}
