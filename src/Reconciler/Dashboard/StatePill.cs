namespace Reconciler.Dashboard;

/// <summary>A state as a pill: icon and word together, the colour only repeating what they say.</summary>
internal static class StatePill
{
    public static Markup Of(ClusterHealth health, DateTimeOffset now)
    {
        var html = new HtmlBuilder();
        html.Add($"<span class=\"pill {health.CssClass}\"><span aria-hidden=\"true\">{health.Icon}</span> {health.Word}</span>");
        if (health.Until is { } until)
        {
            html.Add($" <span class=\"until\">{Display.When(until, now)}</span>");
        }

        return new Markup(html.ToString());
    }
}
