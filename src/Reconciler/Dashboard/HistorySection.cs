using Reconciler.Reconciliation;

namespace Reconciler.Dashboard;

/// <summary>The last reconciles, newest first: when, revision, result, how long, operations, and the errors (file:line:col for a spec's).</summary>
internal static class HistorySection
{
    public static void Write(HtmlBuilder html, ClusterStatus status, PageContext context)
    {
        html.Add($"<section aria-labelledby=\"history-h\"><h2 id=\"history-h\">History <span class=\"count\">{status.History.Length}</span></h2>");
        if (status.History.Length == 0)
        {
            html.Raw("<p class=\"muted\">No reconcile has finished yet.</p></section>");
            return;
        }

        html.Raw("""
            <table class="grid history"><thead><tr><th scope="col">When</th><th scope="col">Revision</th><th scope="col">Result</th><th scope="col">Duration</th><th scope="col">Operations</th><th scope="col">Message and errors</th></tr></thead><tbody>
            """);
        foreach (var tick in status.History)
        {
            var (icon, css) = tick.Outcome switch
            {
                TickOutcome.Converged => ("✔", "ok"),
                TickOutcome.Failed => ("✖", "bad"),
                _ => ("⚠", "warn"),
            };
            html.Add($"<tr><td>{Display.When(tick.At, context.Now)}</td><td>{context.Revision(tick.Revision)}</td><td><span class=\"{css}\"><span aria-hidden=\"true\">{icon} </span>{tick.Outcome.ToString()}</span></td>");
            html.Add($"<td class=\"num\">{Display.Duration(TimeSpan.FromSeconds(tick.DurationSeconds))}</td><td class=\"num\">{tick.Executed}{(tick.Failed > 0 ? $" ({tick.Failed} failed)" : "")}</td><td class=\"message\">{tick.Message}");
            if (tick.Failures.Count > 0)
            {
                html.Raw("<ul class=\"errors\">");
                foreach (var failure in tick.Failures)
                {
                    html.Add($"<li><code>{failure}</code></li>");
                }

                html.Raw("</ul>");
            }

            html.Raw("</td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }
}
