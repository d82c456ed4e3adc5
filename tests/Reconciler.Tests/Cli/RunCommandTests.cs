using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Reconciler.HyperV.Fake;
using Reconciler.Testing.Git;
using Reconciler.Tests.Alerts;

namespace Reconciler.Tests.Cli;

/// <summary>
/// <c>reconciler run</c> as the README's main job: started with no settings in a clone of the
/// examples, it reconciles them with the embedded simulator, and a committed edit is applied.
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    private const string SourceToken = "tok-SECRET-4711";
    private const string ApiToken = "bearer-SECRET-0815";
    private const string WebhookSecret = "hook-SECRET-1234";
    private const string AlertKey = "hmac-SECRET-5678";
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
        await using var alertReceiver = await LocalReceiver.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["Reconciler__Source__TokenFile"] = await SecretAsync("git-token", SourceToken),
            ["Reconciler__Http__TokenFile"] = await SecretAsync("api-token", ApiToken),
            ["Reconciler__Http__WebhookSecretFile"] = await SecretAsync("webhook-secret", WebhookSecret),
            ["Reconciler__Alerts__Channels__0__Kind"] = "webhook",
            ["Reconciler__Alerts__Channels__0__UrlFile"] = await SecretAsync("alert-url", new Uri(alertReceiver.Address, "/hooks/url-SECRET-9999").ToString()),
            ["Reconciler__Alerts__Channels__0__SecretFile"] = await SecretAsync("alert-key", AlertKey),
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
            Assert.Equal("Bearer", Assert.Single(refused.Headers.WwwAuthenticate).Scheme);
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

        // Someone stops a VM by hand; a signed push webhook wakes the loop (a forged one is refused),
        // and the drift alert and its resolve reach the alert channel, signed.
        Assert.Equal(0, ReconcilerProcess.Run(_clone.Directory, "sim", "drift", "stop", "embed-01", "--sim", ".reconciler/run/sim/ai-west").ExitCode);
        using (var forged = await PushAsync(http, "guessed"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        }

        using (var push = await PushAsync(http, WebhookSecret))
        {
            Assert.Equal(HttpStatusCode.Accepted, push.StatusCode);
        }

        var alerts = await alertReceiver.WaitForAsync(2, "the drift alert and its resolve");
        Assert.Equal(["firing", "resolved"], alerts.Select(a => a.Json.GetProperty("state").GetString()));
        Assert.All(alerts, a => Assert.Equal("sha256=" + Hmac(AlertKey, a.Body), a.Headers["X-Reconciler-Signature"]));

        // No credential ever reaches the log, the status or the metrics.
        var everything = service.Log + await http.GetStringAsync(new Uri("/api/v1/status", UriKind.Relative));
        everything += await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        foreach (var cluster in new[] { "ai-west", "store-042", "vdi-east" })
        {
            everything += await http.GetStringAsync(new Uri($"/api/v1/clusters/{cluster}", UriKind.Relative));
        }

        Assert.DoesNotContain("SECRET", everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"x-access-token:{SourceToken}")), everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithHyperVFlag_ReconcilesThatClusterOverWinRmAndTheOthersSimulated()
    {
        var hosts = Path.Combine(_secrets, "store-042-hosts");
        Assert.Equal(0, ReconcilerProcess.Run(_clone.Directory, "sim", "init", Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", "store-042.yaml"), "--sim", hosts).ExitCode);
        await using var winRm = await FakeWinRmServer.StartAsync(hosts);
        var settings = winRm.WriteSettings(_secrets, "store-042");
        using var service = new ServiceProcess(_clone.Directory, new Dictionary<string, string>(), "--listen", "http://127.0.0.1:0", "--hyperv", $"store-042={settings}");
        using var http = new HttpClient { BaseAddress = await service.AddressAsync() };

        var status = await WaitForAsync(http, s => Clusters(s).Count == 3 && Clusters(s).All(c => c.TryGetProperty("lastResult", out _)), "every example cluster reconciled once");

        Assert.NotEmpty(winRm.Requests);
        Assert.False(Directory.Exists(Path.Combine(_clone.Directory, ".reconciler", "run", "sim", "store-042")), "store-042 must not be simulated when --hyperv names it");
        Assert.True(Directory.Exists(Path.Combine(_clone.Directory, ".reconciler", "run", "sim", "ai-west")));
        var store = Clusters(status).Single(c => c.GetProperty("name").GetString() == "store-042");
        Assert.NotEqual("Failed", store.GetProperty("lastResult").GetString());
    }

    [Fact]
    public async Task Run_ListeningBeyondLoopbackWithoutWebhookSecret_WarnsThatPushesAreUnsigned()
    {
        using var open = new ServiceProcess(_clone.Directory, new Dictionary<string, string>(), "--listen", "http://0.0.0.0:0", "--interval", "1h");
        using var local = new ServiceProcess(_clone.Directory, new Dictionary<string, string>(), "--listen", "http://127.0.0.1:0", "--interval", "1h", "--state-dir", ".reconciler/local");

        await open.WaitForAsync(new System.Text.RegularExpressions.Regex("POST /hooks/git accepts unsigned pushes"), TimeSpan.FromSeconds(90));
        await local.AddressAsync();

        Assert.DoesNotContain("accepts unsigned pushes", local.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_HyperVFlagWithoutACluster_IsAUsageError()
    {
        var result = ReconcilerProcess.Run(_clone.Directory, "run", "--hyperv", "hosts.yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--hyperv: 'hosts.yaml' names no cluster", result.Error, StringComparison.Ordinal);
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

    private async Task<string> SecretAsync(string name, string value)
    {
        var path = Path.Combine(_secrets, name);
        await File.WriteAllTextAsync(path, value);
        return path;
    }

    private static string Hmac(string key, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key), body));

    /// <summary>GitHub's push webhook for main, signed with <paramref name="key"/>.</summary>
    private static async Task<HttpResponseMessage> PushAsync(HttpClient http, string key)
    {
        var body = System.Text.Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"ops/gpu-specs\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/git") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hmac(key, body));
        return await http.SendAsync(request);
    }

    private static List<JsonElement> Clusters(JsonElement status) => [.. status.GetProperty("clusters").EnumerateArray()];

    private static async Task<JsonElement> WaitForAsync(HttpClient http, Func<JsonElement, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
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
