using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Reconciler.Service;

namespace Reconciler.Dashboard;

/// <summary>
/// The dashboard on the API's listener: GET / (the fleet), GET /clusters/{name}, and its embedded
/// assets under /dashboard/. Read-only: the one action, Sync, is the page's script calling
/// POST /api/v1/sync. Every answer carries a Content-Security-Policy that allows only this origin's
/// script and stylesheet (nothing inline, nothing from elsewhere).
/// </summary>
internal static class DashboardEndpoints
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /// <param name="repository">The source's clone URL, to link revisions to their commit pages on known forges.</param>
    public static void Map(WebApplication app, StatusBoard board, TimeProvider time, string? repository, bool tokenRequired)
    {
        var links = new CommitLinks(repository);
        PageContext Context() => new(board, links, tokenRequired, time.GetUtcNow());

        app.MapGet("/", (HttpContext http) => Page(http, FleetPage.Render(Context())));
        app.MapGet("/clusters/{name}", (HttpContext http, string name) => ClusterPage.Render(Context(), name) is { } page
            ? Page(http, page)
            : Page(http, NotFound(Context(), name), StatusCodes.Status404NotFound));
        app.MapGet(DashboardAssets.Prefix + "{file}", (HttpContext http, string file) =>
        {
            if (DashboardAssets.Find(file) is not { } asset)
            {
                return Results.NotFound();
            }

            Secure(http.Response);
            http.Response.Headers.ETag = asset.ETag;
            http.Response.Headers.CacheControl = "no-cache"; // revalidated by ETag: a new version is picked up at once
            return http.Request.Headers.IfNoneMatch == asset.ETag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(asset.Content, asset.ContentType);
        });
    }

    private static IResult Page(HttpContext http, string html, int status = StatusCodes.Status200OK)
    {
        Secure(http.Response);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static void Secure(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.XFrameOptions = "DENY";
    }

    private static string NotFound(PageContext context, string name) =>
        PageShell.Render("Not found", new Markup(new HtmlBuilder().Add($"<a href=\"/\">Fleet</a> <span aria-hidden=\"true\">›</span> <span aria-current=\"page\">{name}</span>").ToString()), context, html =>
            html.Add($"<h1>No cluster named {name}</h1><p>The <a href=\"/\">fleet page</a> lists the clusters the service reconciles.</p>"));
}
