using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reconciler.Dashboard;
using Reconciler.Service;
using Reconciler.Reconciliation;
using Reconciler.Tests.Cli;
using Reconciler.Tests.Service;

namespace Reconciler.Tests.Dashboard;

/// <summary>
/// The dashboard while things happen: drift made by hand with <c>reconciler sim drift</c>, the
/// Sync button (with and without a token), a broken spec pushed to the followed branch. Each test
/// runs its own service; the browser is shared.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class DashboardLiveTests(BrowserFixture browser)
{
    /// <summary>A refresh, plus slack for a loaded 2-core machine.</summary>
    private static readonly float OneRefresh = (PageShell.RefreshSeconds * 1000) + 3000;

    private const string A16 = "PCIROOT(0)#PCI(0300)#PCI(0000)#PCI(0500)#PCI(0000)";

    [Fact]
    public async Task ClusterPage_SimDriftStopsVmOrRepartitions_ShowsTheDriftWithinOneRefresh()
    {
        await using var service = new ServiceHarness();
        await ExampleFleet.StartAsync(service);

        // Alert mode: the drift stays to be seen (enforce would correct it in the same tick).
        foreach (var file in new[] { "ai-pool-cluster.yaml", "vdi-cluster.yaml" })
        {
            var path = Path.Combine(service.Repository.Directory, "specs", file);
            service.Repository.Write("specs/" + file, File.ReadAllText(path).Replace("mode: enforce", "mode: alert", StringComparison.Ordinal));
        }

        var alert = service.Repository.Commit("ai-west and vdi-east: report drift only");
        await service.SyncAsync();
        await service.WaitForAsync("ai-west", s => s.DesiredRevision == alert && s.LastResult?.Revision == alert, "ai-west in alert mode");
        await service.WaitForAsync("vdi-east", s => s.DesiredRevision == alert && s.LastResult?.Revision == alert, "vdi-east in alert mode");

        var page = await browser.PageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync(new Uri(service.Http.BaseAddress!, "/clusters/ai-west").ToString());
        Assert.Equal(0, await page.Locator("table.drift tr:has-text('vm/llm-01')").CountAsync());

        var stop = ReconcilerProcess.Run(service.Repository.Directory, "sim", "drift", "stop", "llm-01", "--sim", ExampleFleet.SimDirectory(service, "ai-west"));
        Assert.True(stop.ExitCode == 0, stop.Error);
        var before = Board(service).Cluster("ai-west")!.History.Length;
        await page.ClickAsync("#sync-button"); // no token configured: Sync just starts a tick
        await Assertions.Expect(page.Locator("#sync-result")).ToContainTextAsync("Sync started");
        await service.WaitForAsync("ai-west", s => s.History.Length > before, "the tick Sync started");
        await Assertions.Expect(page.Locator("table.drift tbody tr", new PageLocatorOptions { HasText = "vm/llm-01" }))
            .ToContainTextAsync("Off", new LocatorAssertionsToContainTextOptions { Timeout = OneRefresh });
        await Assertions.Expect(page.Locator("svg.layout-svg")).ToContainTextAsync("llm-01 · Off", new LocatorAssertionsToContainTextOptions { Timeout = OneRefresh });

        await page.GotoAsync(new Uri(service.Http.BaseAddress!, "/clusters/vdi-east").ToString());
        var repartition = ReconcilerProcess.Run(service.Repository.Directory, "sim", "drift", "partition-count", "hv-vdi-01", A16, "2", "--sim", ExampleFleet.SimDirectory(service, "vdi-east"));
        Assert.True(repartition.ExitCode == 0, repartition.Error);
        before = Board(service).Cluster("vdi-east")!.History.Length;
        await service.SyncAsync();
        await service.WaitForAsync("vdi-east", s => s.History.Length > before, "the next tick");
        await Assertions.Expect(page.Locator("table.drift tbody tr", new PageLocatorOptions { HasText = $"host/hv-vdi-01/gpu/{A16}" }))
            .ToContainTextAsync("partitionCount", new LocatorAssertionsToContainTextOptions { Timeout = OneRefresh });
        Assert.Empty(watch.Problems);
    }

    [Fact]
    public async Task SyncButton_TokenConfigured_RefusedWithoutItAndStartsATickWithIt()
    {
        await using var service = new ServiceHarness();
        service.World("lab", Lab.World);
        service.Repository.Write("specs/lab.yaml", Lab.Spec());
        service.Repository.Commit("lab");
        service.Settings["Reconciler:Http:TokenFile"] = service.SecretFile("token", "s3cret-token\n");
        await service.StartAsync();
        await service.WaitForAsync("lab", s => s.LastResult is not null, "the first tick");

        var page = await browser.PageAsync();
        var watch = new PageWatch(page);
        watch.Allowed.Add("/api/v1/sync"); // the refusal below is the point
        var url = new Uri(service.Http.BaseAddress!, "/clusters/lab").ToString();
        await page.GotoAsync(url);
        var ticks = Board(service).Cluster("lab")!.History.Length;

        await page.ClickAsync("#sync-button");
        await Assertions.Expect(page.Locator("#sync-result")).ToContainTextAsync("Refused");
        await page.FillAsync("#sync-token", "wrong");
        await page.ClickAsync("#sync-button");
        await Assertions.Expect(page.Locator("#sync-result")).ToContainTextAsync("token is wrong");
        Assert.Equal(ticks, Board(service).Cluster("lab")!.History.Length);

        await page.FillAsync("#sync-token", "s3cret-token");
        await page.ClickAsync("#sync-button");
        await Assertions.Expect(page.Locator("#sync-result")).ToContainTextAsync("Sync started");
        await service.WaitForAsync("lab", s => s.History.Length > ticks, "the tick the page's Sync started");
        Assert.Equal(url, page.Url); // the token never went into a URL
        Assert.DoesNotContain("s3cret", await (await page.Context.APIRequest.GetAsync(url)).TextAsync(), StringComparison.Ordinal);
        Assert.All(watch.Problems, p => Assert.Contains("401", p, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BrokenSpecCommitted_ShowsStalledWithFileLineColumn_HtmlInTheMessageIsText()
    {
        await using var service = new ServiceHarness();
        service.World("lab", Lab.World);
        service.Repository.Write("specs/lab.yaml", Lab.Spec());
        var good = service.Repository.Commit("lab");
        await service.StartAsync();
        await service.WaitForAsync("lab", s => s.LastAppliedRevision == good, "the good revision applied");

        var page = await browser.PageAsync();
        var watch = new PageWatch(page);
        await page.GotoAsync(new Uri(service.Http.BaseAddress!, "/").ToString());
        const string Html = "<img src=x onerror=alert(1)>";
        service.Repository.Write("specs/lab.yaml", Lab.Spec().Replace("  policy:", $"  \"{Html}\": 1\n  policy:", StringComparison.Ordinal));
        service.Repository.Commit("lab: a typo");
        await service.SyncAsync();
        await service.WaitForAsync("lab", s => s.Is(ConditionType.Stalled), "Stalled");

        var row = page.Locator("table.fleet tbody tr", new PageLocatorOptions { HasText = "lab" });
        await Assertions.Expect(row.Locator(".pill")).ToContainTextAsync("Stalled", new LocatorAssertionsToContainTextOptions { Timeout = OneRefresh });
        await Assertions.Expect(row).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"specs/lab\.yaml:6:3: error GR014"));
        await Assertions.Expect(page.Locator(".source .errors")).ToContainTextAsync($"unknown key '{Html}'");
        Assert.Equal(0, await page.Locator("#live img").CountAsync());

        await page.ClickAsync("a[href='/clusters/lab']");
        await Assertions.Expect(page.Locator(".title .pill")).ToContainTextAsync("Stalled");
        await Assertions.Expect(page.Locator(".lead")).ToContainTextAsync($"specs/lab.yaml:6:3: error GR014: unknown key '{Html}'");
        Assert.Equal(0, await page.Locator("#live img").CountAsync());
        Assert.Empty(watch.Problems); // no alert dialog, no request for "x"
    }

    private static StatusBoard Board(ServiceHarness service) => service.Services.GetRequiredService<StatusBoard>();
}
