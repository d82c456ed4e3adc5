namespace Reconciler.Dashboard;

/// <summary>The source's health: where specs come from, the last fetch, the last good revision, and what is wrong with the newest one.</summary>
internal static class SourcePanel
{
    public static void Write(HtmlBuilder html, PageContext context)
    {
        var source = context.Board.Source;
        var failing = source.FetchError is not null || source.Invalid.Count > 0;
        html.Add($"<section class=\"panel source {(failing ? "bad" : "good")}\" aria-labelledby=\"source-h\"><h2 id=\"source-h\">Source</h2><dl class=\"facts\">");
        html.Add($"<div><dt>Following</dt><dd><code>{source.Description}</code></dd></div>");
        html.Add($"<div><dt>Last successful fetch</dt><dd>{Display.When(source.LastFetchAt, context.Now)}{(source.FetchError is null ? new Markup(" <span class=\"ok\"><span aria-hidden=\"true\">✔</span> ok</span>") : new Markup(" <span class=\"bad\"><span aria-hidden=\"true\">✖</span> failed</span>"))}</dd></div>");
        html.Add($"<div><dt>Newest revision</dt><dd>{context.Revision(source.LastFetchedRevision)}</dd></div>");
        html.Add($"<div><dt>Last good revision</dt><dd>{context.Revision(source.LastGoodRevision)}</dd></div></dl>");
        if (source.FetchError is { } error)
        {
            html.Add($"<p class=\"error\"><span aria-hidden=\"true\">✖ </span>Fetch failed {Display.When(source.LastFetchAttemptAt, context.Now)} (the last good revision keeps running): <code>{error}</code></p>");
        }

        if (source.Invalid.Count > 0)
        {
            html.Add($"<div class=\"error\"><p><span aria-hidden=\"true\">⊘ </span>The newest revision is not applied ({Display.Plural(source.Invalid.Count, "error", "errors")}):</p><ul class=\"errors\">");
            foreach (var line in source.Invalid.Take(20))
            {
                html.Add($"<li><code>{line}</code></li>");
            }

            html.Raw(source.Invalid.Count > 20 ? $"<li>… and {source.Invalid.Count - 20} more</li></ul></div>" : "</ul></div>");
        }

        html.Raw("</section>");
    }
}
