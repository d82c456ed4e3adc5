using System.Globalization;
using System.Text.RegularExpressions;
using Reconciler.Catalog;
using Reconciler.Service;
using Reconciler.Planning;
using Reconciler.Reconciliation;
using Reconciler.Review;
using Reconciler.Spec;

namespace Reconciler.Dashboard;

/// <summary>
/// The cluster's GPUs observed → desired, drawn by the review's SVG writer (one picture language
/// for pull requests and the dashboard): every host, each GPU a bar of its partitions with their
/// VMs, what differs in orange. "Desired" is the observed cluster with the whole plan applied
/// (maintenance windows ignored), the way the review works out its "after".
/// </summary>
internal static partial class LayoutSection
{
    public static void Write(HtmlBuilder html, ClusterStatus status, ClusterView? view, PageContext context)
    {
        html.Raw("<section aria-labelledby=\"layout-h\" class=\"layout\"><h2 id=\"layout-h\">GPU layout</h2>");
        if (view?.Observed is not { } observed)
        {
            html.Raw("<p class=\"muted\">Not observed yet: the picture appears after the first tick that reaches the hosts.</p></section>");
            return;
        }

        html.Add($"<p class=\"note\">Observed {Display.When(view.ObservedAt, context.Now)}; left of each pair what the hosts have, right what the spec wants. Orange marks what differs.</p>");
        html.Add($"<figure class=\"picture\">{new Markup(Svg(status.Name, view.Spec, observed, context.Now))}<figcaption>{status.Name}: observed → desired, every host</figcaption></figure>");
        html.Raw("</section>");
    }

    /// <summary>Drawn for a pull-request comment, the picture is small on a wide screen: its size grows by a third (the viewBox keeps the drawing; CSS still fits it to narrow windows).</summary>
    private static string Scaled(string svg)
    {
        var match = Size().Match(svg);
        if (!match.Success)
        {
            return svg;
        }

        var width = int.Parse(match.Groups["w"].Value, CultureInfo.InvariantCulture) * 4 / 3;
        var height = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture) * 4 / 3;
        return string.Concat(svg.AsSpan(0, match.Index), $"<svg width=\"{width}\" height=\"{height}\"", svg.AsSpan(match.Index + match.Length));
    }

    [GeneratedRegex("^<svg width=\"(?<w>[0-9]+)\" height=\"(?<h>[0-9]+)\"")]
    private static partial Regex Size();

    public static string Svg(string cluster, ClusterSpec spec, Observed.ObservedCluster observed, DateTimeOffset now)
    {
        var unwindowed = spec with { Policy = spec.Policy with { Windows = ValueList<MaintenanceWindow>.Empty } };
        var plan = Planner.Plan(unwindowed, observed, GpuCatalog.Default, now);
        var desired = PlanEffects.Apply(observed, plan.Operations);
        var svg = ReviewSvg.Write(cluster, ClusterLayout.Of(observed), ClusterLayout.Of(desired), LayoutPicture.Live(cluster));

        // The writer's own XML declaration-free <svg>: an accessible image with a <title>, inline in the page.
        var title = svg.IndexOf("<title>", StringComparison.Ordinal);
        svg = title < 0 ? svg : string.Concat(svg.AsSpan(0, title), "<title id=\"layout-title\">", svg.AsSpan(title + "<title>".Length));
        return Scaled(svg).Replace("<svg ", "<svg class=\"layout-svg\" aria-labelledby=\"layout-title\" ", StringComparison.Ordinal);
    }
}
