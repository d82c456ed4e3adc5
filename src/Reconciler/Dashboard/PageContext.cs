using Reconciler.Service;

namespace Reconciler.Dashboard;

/// <summary>What every page is rendered from: the status board, links to commits, whether Sync needs a token, and the time.</summary>
internal sealed record PageContext(StatusBoard Board, CommitLinks Links, bool TokenRequired, DateTimeOffset Now)
{
    /// <summary>A short hash, linked to its commit page when the forge is known; the full hash as its tooltip.</summary>
    public Markup Revision(string? revision)
    {
        if (revision is null)
        {
            return new Markup("<span class=\"muted\">—</span>");
        }

        var html = new HtmlBuilder();
        return new Markup((Links.For(revision) is { } url
            ? html.Add($"<a class=\"rev\" href=\"{url}\" title=\"{revision}\" rel=\"noopener noreferrer\">{Display.Short(revision)}</a>")
            : html.Add($"<code class=\"rev\" title=\"{revision}\">{Display.Short(revision)}</code>")).ToString());
    }
}
