using Reconciler.Drift;
using Reconciler.Service;
using Reconciler.Planning;
using Reconciler.Reconciliation;

namespace Reconciler.Dashboard;

/// <summary>Beside the picture: the conditions, the first drift items and what the next tick would do, each linking to its full section.</summary>
internal static class GlancePanel
{
    private const int DriftShown = 6;

    public static void Write(HtmlBuilder html, ClusterStatus status, ClusterView? view, PageContext context)
    {
        html.Raw("<aside class=\"glance\" aria-labelledby=\"glance-h\"><h2 id=\"glance-h\">At a glance</h2><ul class=\"checks\">");
        foreach (var condition in status.Conditions)
        {
            var good = condition.Type == ConditionType.Ready ? condition.Status : !condition.Status;
            html.Add($"<li class=\"{(good ? "ok" : "warn")}\"><span aria-hidden=\"true\">{(good ? "✔" : "⚠")} </span><strong>{condition.Type.ToString()}</strong> {(condition.Status ? "True" : "False")} <span class=\"muted\">({condition.Reason})</span></li>");
        }

        html.Add($"</ul><h3><a href=\"#drift-h\">Drift</a>: {status.Drift.Count}</h3>");
        if (status.Drift.Count > 0)
        {
            html.Raw("<ul class=\"drift-list\">");
            foreach (var drift in status.Drift.Take(DriftShown))
            {
                html.Add($"<li><span aria-hidden=\"true\">⚠ </span><code>{drift.Item.Object}</code> {drift.Item.Field}: {drift.Item.Observed} → {drift.Item.Desired}</li>");
            }

            html.Raw(status.Drift.Count > DriftShown ? $"<li><a href=\"#drift-h\">… {status.Drift.Count - DriftShown} more</a></li></ul>" : "</ul>");
        }

        html.Raw("<h3><a href=\"#plan-h\">Next tick</a></h3>");
        if (view?.Next is not { } next)
        {
            html.Raw("<p class=\"muted\">not planned yet</p></aside>");
            return;
        }

        var down = next.Summary.VmsStopped.Count;
        html.Add($"<p>{Display.Plural(next.Operations.Count, "operation", "operations")}, {(down == 0 ? "no VM goes down" : $"{Display.Plural(down, "VM", "VMs")} down")}{(next.Summary.GpusRepartitioned.Count > 0 ? $", {Display.Plural(next.Summary.GpusRepartitioned.Count, "GPU", "GPUs")} repartitioned" : "")}.</p>");
        var waiting = next.Blocked.Where(b => b.Until is not null).MinBy(b => b.Until);
        var stuck = next.Blocked.Count(b => b.Reason != BlockReason.Window);
        if (waiting?.Until is { } until)
        {
            html.Add($"<p class=\"wait\"><span aria-hidden=\"true\">◷ </span>Disruptive steps wait for the window: {Display.When(until, context.Now)}</p>");
        }

        if (stuck > 0)
        {
            html.Add($"<p class=\"bad\"><span aria-hidden=\"true\">■ </span>{Display.Plural(stuck, "item is", "items are")} blocked until a person acts.</p>");
        }

        html.Raw("</aside>");
    }
}
