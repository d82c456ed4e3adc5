using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reconciler.Git.Tests;

namespace Reconciler.Tests.Cli;

/// <summary>
/// <c>reconciler run</c> as the README's main job: started with no settings in a clone of the
/// examples, it reconciles them with the embedded simulator, and a committed edit is applied.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private const string SourceToken = "tok-SECRET-4711";
    private const string ApiToken = "bearer-SECRET-0815";
    private readonly TempRepository _clone = new();
    private readonly string _secrets = Directory.CreateTempSubdirectory("reconciler-secrets-").FullName;

    public RunCommandTests()
    {
        foreach (var folder in new[] { "examples", "worlds" })
        {
            foreach (var file in Directory.GetFiles(Path.Combine(ReconcilerProcess.RepoRoot, "specs", folder)))
            {
                _clone.Write($"specs/{folder}/{Path.GetFileName(file)}", File.ReadAllText(file));
            }
        }

        _clone.Commit("the examples");
    }

    public void Dispose()
    {
        _clone.Dispose();
        Directory.Delete(_secrets, recursive: true);
    }

    [Fact]
    public async Task Run_WithNoSettings_ReconcilesTheExamplesAndAppliesACommittedEdit()
    {
        var sourceToken = Path.Combine(_secrets, "git-token");
        var apiToken = Path.Combine(_secrets, "api-token");
        await File.WriteAllTextAsync(sourceToken, SourceToken);
        await File.WriteAllTextAsync(apiToken, ApiToken);
        var environment = new Dictionary<string, string>
        {
            ["Reconciler__Source__TokenFile"] = sourceToken,
            ["Reconciler__Http__TokenFile"] = apiToken,
        };
        using var service = new ServiceProcess(_clone.Directory, environment, "--listen", "http://127.0.0.1:0");
        var address = await service.AddressAsync();
        using var http = new HttpClient { BaseAddress = address };

        var status = await WaitForAsync(http, s => Clusters(s).Count == 3 && Clusters(s).All(c => c.TryGetProperty("lastResult", out _)), "every example cluster reconciled once");
        Assert.Equal(["ai-west", "store-042", "vdi-east"], Clusters(status).Select(c => c.GetProperty("name").GetString()));
        var aiWest = Clusters(status).Single(c => c.GetProperty("name").GetString() == "ai-west");
        Assert.True(aiWest.GetProperty("ready").GetBoolean(), aiWest.ToString());

        // A newcomer edits a spec and commits; a sync (or the next tick) applies it.
        var spec = Path.Combine(_clone.Directory, "specs", "examples", "ai-pool-cluster.yaml");
        await File.WriteAllTextAsync(spec, (await File.ReadAllTextAsync(spec)).Replace("power: off }", "power: running }", StringComparison.Ordinal));
        var edit = _clone.Commit("ai-west: start batch-01");
        using (var refused = await http.PostAsync(new Uri("/api/v1/sync", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var sync = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sync"))
        {
            sync.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiToken);
            using var accepted = await http.SendAsync(sync);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await WaitForAsync(http, s => Clusters(s).Any(c => c.GetProperty("name").GetString() == "ai-west" && c.GetProperty("lastAppliedRevision").GetString() == edit), "the edit applied");
        var shown = ReconcilerProcess.Run(_clone.Directory, "sim", "show", "--sim", ".reconciler/run/sim/ai-west", "-o", "json");
        var batch = JsonDocument.Parse(shown.Output).RootElement.GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "batch-01");
        Assert.Equal("Running", batch.GetProperty("state").GetString());

        // `reconciler status`, as a person would ask.
        var table = ReconcilerProcess.Run(_clone.Directory, "status", "--server", address.ToString());
        Assert.Equal(0, table.ExitCode);
        Assert.Contains("ai-west", table.Output, StringComparison.Ordinal);
        Assert.Contains(edit[..12], table.Output, StringComparison.Ordinal);

        // No credential ever reaches the log or the status.
        var everything = service.Log + await http.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative));
        foreach (var cluster in new[] { "ai-west", "store-042", "vdi-east" })
        {
            everything += await http.GetStringAsync(new Uri($"/api/v1/clusters/{cluster}", UriKind.Relative));
        }

        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{SourceToken}")), everything, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidSettings_ExitsWithUsageErrorsNamingEachSetting()
    {
        var result = ReconcilerProcess.Run(_clone.Directory, "run", "--listen", "not-an-address", "--interval", "0s");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--interval: '0s' is not a duration", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_InvalidListenAddress_NamesTheSetting()
    {
        var result = ReconcilerProcess.Run(_clone.Directory, "run", "--listen", "not-an-address");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Reconciler:Http:Listen 'not-an-address' is not an address", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_NoServiceThere_SaysSoWithoutAStackTrace()
    {
        var result = ReconcilerProcess.Run(_clone.Directory, "status", "--server", "http://127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is 'reconciler run' running there?", result.Error, StringComparison.Ordinal);
    }

    private static List<JsonElement> Clusters(JsonElement status) => [.. status.GetProperty("clusters").EnumerateArray()];

    private static async Task<JsonElement> WaitForAsync(HttpClient http, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement status = default;
        while (DateTime.UtcNow < deadline)
        {
            status = await http.GetFromJsonAsync<JsonElement>(new Uri("/api/v1/status", UriKind.Relative));
            if (done(status))
            {
                return status;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}: {status}");
    }
}
