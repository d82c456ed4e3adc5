using Microsoft.Playwright;

namespace Reconciler.Tests.Dashboard;

/// <summary>Records what a page complains about (console errors, uncaught exceptions, CSP refusals, dialogs) so a test can assert there was nothing.</summary>
internal sealed class PageWatch
{
    private readonly List<string> _problems = [];

    public PageWatch(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Add($"console {message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"page error: {error}");
        page.Dialog += async (_, dialog) =>
        {
            Add($"dialog: {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.RequestFailed += (_, request) => Add($"request failed: {request.Url} {request.Failure}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !Allowed.Any(a => response.Url.Contains(a, StringComparison.Ordinal)))
            {
                Add($"HTTP {response.Status}: {response.Url}");
            }
        };
    }

    /// <summary>URL parts whose error answers the test provoked on purpose (e.g. a refused sync).</summary>
    public List<string> Allowed { get; } = [];

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
