using Microsoft.Playwright;

namespace Reconciler.Tests.Dashboard;

/// <summary>
/// One headless Debian chromium for all dashboard tests (Playwright drives the browser installed
/// by apt, at /usr/bin/chromium; it never downloads one). Each test opens its own context, so
/// cookies and pages do not leak between tests.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The apt package's executable; RECONCILER_CHROMIUM overrides it (another distribution's path).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("RECONCILER_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (apt-get install chromium; .ci/run does) - the dashboard tests never download a browser");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh context at the screenshot size, JavaScript on unless asked otherwise.</summary>
    public async Task<IPage> PageAsync(bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
