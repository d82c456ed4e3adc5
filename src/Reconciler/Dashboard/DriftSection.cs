using Reconciler.Reconciliation;

namespace Reconciler.Dashboard;

/// <summary>The drift left after the last tick: object, field, desired and observed, since when, and the fingerprint alerts carry.</summary>
internal static class DriftSection
{
    public static void Write(HtmlBuilder html, ClusterStatus status, PageContext context)
    {
        html.Add($"<section aria-labelledby=\"drift-h\"><h2 id=\"drift-h\">Drift <span class=\"count\">{status.Drift.Count}</span></h2>");
        if (status.Drift.Count == 0)
        {
            html.Raw("<p class=\"ok\"><span aria-hidden=\"true\">✔ </span>No drift: the hosts match the spec.</p></section>");
            return;
        }

        html.Raw("""
            <table class="grid drift"><thead><tr><th scope="col">Object</th><th scope="col">Field</th><th scope="col">Desired</th><th scope="col">Observed</th><th scope="col">What differs</th><th scope="col">Since</th><th scope="col">Fingerprint</th></tr></thead><tbody>
            """);
        foreach (var drift in status.Drift)
        {
            var item = drift.Item;
            html.Add($"<tr><th scope=\"row\"><span aria-hidden=\"true\">⚠ </span>{item.Object}</th><td>{item.Field}</td><td>{item.Desired}</td><td class=\"observed\">{item.Observed}</td><td class=\"message\">{item.Sentence}</td><td>{Display.When(drift.Onset, context.Now)}</td><td><code>{item.Fingerprint}</code></td></tr>");
        }

        html.Raw("</tbody></table></section>");
    }
}
