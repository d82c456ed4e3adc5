using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reconciler.Dashboard;
using Reconciler.Service;

namespace Reconciler.Tests.Dashboard;

/// <summary>The fleet and cluster pages in a real browser, against the real service on the three example clusters.</summary>
[Collection(BrowserGroup.Name)]
public sealed partial class DashboardPagesTests(BrowserFixture browser, ExampleFleetFixture fleet) : IClassFixture<ExampleFleetFixture>
{
    private Uri Url(string path) => new(fleet.Service.Http.BaseAddress!, path);

    [Fact]
    public async Task FleetPage_ExampleClusters_ListsEachWithItsStateWithoutConsoleErrorsAndEveryLinkResolves()
    {
        var page = await browser.PageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync(Url("/").ToString());

        var rows = page.Locator("table.fleet tbody tr");
        Assert.Equal(3, await rows.CountAsync());
        var board = fleet.Service.Services.GetRequiredService<StatusBoard>();
        foreach (var cluster in ExampleFleet.Clusters)
        {
            var row = rows.Filter(new LocatorFilterOptions { Has = page.Locator($"th a[href='/clusters/{cluster}']") });
            var health = ClusterHealth.Of(board.Cluster(cluster)!, board.View(cluster));
            var pill = (await row.Locator(".pill").InnerTextAsync()).Trim();
            Assert.Contains(health.Word, pill, StringComparison.Ordinal);
            Assert.Contains(health.Icon, pill, StringComparison.Ordinal); // an icon beside the colour
        }

        // The examples: ai-west converges; store-042 and vdi-east wait for their maintenance windows.
        Assert.Contains("Ready", await rows.Filter(new LocatorFilterOptions { HasText = "ai-west" }).Locator(".pill").InnerTextAsync(), StringComparison.Ordinal);

        await AssertLinksResolveAsync(page);
        await Screenshots.SaveAsync(browser.Browser, page, "dashboard-fleet.png");
        Assert.Empty(watch.Problems);
    }

    [Theory]
    [InlineData("ai-west")]
    [InlineData("store-042")]
    [InlineData("vdi-east")]
    public async Task ClusterPage_Picture_ShowsEveryHostGpuAndVmName(string cluster)
    {
        var page = await browser.PageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync(Url($"/clusters/{cluster}").ToString());

        var picture = page.Locator("svg.layout-svg");
        Assert.Equal(1, await picture.CountAsync());
        Assert.Contains("observed", await picture.Locator("title").First.TextContentAsync() ?? "", StringComparison.Ordinal);
        var text = await picture.TextContentAsync() ?? ""; // includes the <title> of names cut to fit
        var observed = await fleet.Service.ByHand(cluster).ObserveAsync(CancellationToken.None);
        foreach (var host in observed.Hosts)
        {
            Assert.Contains(host.Name, text, StringComparison.Ordinal);
            for (var i = 0; i < host.Gpus.Count; i++)
            {
                Assert.Contains($"GPU {i + 1} · {host.Gpus[i].Model}", text, StringComparison.Ordinal);
                Assert.Contains(host.Gpus[i].LocationPath, text, StringComparison.Ordinal);
            }

            foreach (var vm in host.Vms)
            {
                Assert.Contains(vm.Name, text, StringComparison.Ordinal);
            }
        }

        await AssertLinksResolveAsync(page);
        if (cluster == "vdi-east")
        {
            await Screenshots.SaveAsync(browser.Browser, page, "dashboard-cluster.png");
        }

        Assert.Empty(watch.Problems);
    }

    [Fact]
    public async Task FleetAndClusterPages_WithJavaScriptOff_AreReadable()
    {
        var page = await browser.PageAsync(javaScript: false);
        await page.GotoAsync(Url("/").ToString());
        Assert.Equal(3, await page.Locator("table.fleet tbody tr").CountAsync());
        await page.ClickAsync("a[href='/clusters/vdi-east']");
        await page.WaitForURLAsync("**/clusters/vdi-east");
        Assert.Equal(1, await page.Locator("svg.layout-svg").CountAsync());
        Assert.True(await page.Locator("table.drift tbody tr").CountAsync() > 0);
    }

    [Fact]
    public async Task FleetPage_Keyboard_TabGoesToSkipLinkThenIntoTheClusterLinks()
    {
        var page = await browser.PageAsync();
        await page.GotoAsync(Url("/").ToString());
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        var reached = new List<string>();
        for (var i = 0; i < 30 && reached.Count < 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var href = await page.EvaluateAsync<string?>("() => document.activeElement.getAttribute('href')");
            if (href is not null && href.StartsWith("/clusters/", StringComparison.Ordinal))
            {
                reached.Add(href);
            }
        }

        Assert.Equal(ExampleFleet.Clusters.Select(c => "/clusters/" + c).Order(), reached.Order());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/clusters/vdi-east")]
    public async Task Page_Html_HasStrictCspAndNoInlineScriptOrStyle(string path)
    {
        using var response = await fleet.Service.Http.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotMatch(InlineStyle(), html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal); // nothing from elsewhere
    }

    [Fact]
    public async Task ClusterPage_UnknownCluster_Answers404PageNamingIt()
    {
        using var response = await fleet.Service.Http.GetAsync(new Uri("/clusters/%3Cb%3Enope", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No cluster named &lt;b&gt;nope", html, StringComparison.Ordinal);
    }

    /// <summary>Every link on the page answers below 400 (the dashboard's own and the API's).</summary>
    private async Task AssertLinksResolveAsync(IPage page)
    {
        var hrefs = await page.EvalOnSelectorAllAsync<string[]>("a[href], link[href], script[src]", "els => els.map(e => e.href || e.src)");
        Assert.NotEmpty(hrefs);
        foreach (var href in hrefs.Distinct())
        {
            var uri = new Uri(href);
            if (uri.Fragment.Length > 0 && uri.GetLeftPart(UriPartial.Path) == new Uri(page.Url).GetLeftPart(UriPartial.Path))
            {
                Assert.Equal(1, await page.Locator(uri.Fragment).CountAsync()); // an anchor on this page exists
                continue;
            }

            using var response = await fleet.Service.Http.GetAsync(uri);
            Assert.True((int)response.StatusCode < 400, $"{href} answered {(int)response.StatusCode}");
        }
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<style|\sstyle=|\son[a-z]+=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineStyle();
}
