namespace Reconciler.Dashboard;

/// <summary>
/// The frame of every page: head (stylesheet and script from /dashboard/, nothing inline, so the
/// Content-Security-Policy can forbid inline code), the top bar with the Sync form, and the live
/// region that the script swaps for a fresh copy when the status board changes.
/// </summary>
internal static class PageShell
{
    /// <summary>Seconds between the script's refreshes; without JavaScript a meta refresh reloads at twice that.</summary>
    public const int RefreshSeconds = 3;

    public static string Render(string title, Markup breadcrumb, PageContext context, Action<HtmlBuilder> content)
    {
        var html = new HtmlBuilder();
        html.Add($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Reconciler</title>
            <link rel="icon" href="{DashboardAssets.Path("icon.svg")}" type="image/svg+xml">
            <link rel="stylesheet" href="{DashboardAssets.Path("dashboard.css")}">
            <script src="{DashboardAssets.Path("dashboard.js")}" defer></script>
            <noscript><meta http-equiv="refresh" content="{RefreshSeconds * 2}"></noscript>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <a class="brand" href="/"><span class="logo" aria-hidden="true">◆</span> Reconciler</a>
            <nav aria-label="Breadcrumb" class="crumbs">{breadcrumb}</nav>
            <form class="sync" id="sync" method="post" action="/api/v1/sync" data-token="{(context.TokenRequired ? "required" : "none")}">
            """);
        if (context.TokenRequired)
        {
            html.Raw("""<label for="sync-token">Sync token</label><input id="sync-token" name="sync-token" type="password" autocomplete="off" spellcheck="false" placeholder="bearer token">""");
        }

        html.Raw("""
            <button type="submit" id="sync-button"><span aria-hidden="true">↻</span> Sync now</button>
            <output id="sync-result" role="status" aria-live="polite"></output>
            </form>
            </header>
            """);
        html.Add($"<main id=\"main\" tabindex=\"-1\"><div id=\"live\" data-version=\"{context.Board.Version}\">");
        content(html);
        html.Add($"""
            </div></main>
            <footer class="foot"><span id="live-state" data-refresh="{RefreshSeconds}">Rendered {Display.When(context.Now, context.Now)}; refreshes every {RefreshSeconds} s.</span>
            <span>JSON: <a href="/api/v1/status">/api/v1/status</a> · <a href="/metrics">/metrics</a></span></footer>
            </body>
            </html>
            """);
        return html.ToString();
    }
}
