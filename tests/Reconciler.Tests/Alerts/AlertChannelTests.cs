using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Reconciler.Alerting;
using Reconciler.Alerts;
using Reconciler.Settings;

namespace Reconciler.Tests.Alerts;

/// <summary>Each channel's request as its receiver sees it, posted to a real local HTTP listener.</summary>
public sealed class AlertChannelTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Onset = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = new();
    private readonly string _files = Directory.CreateTempSubdirectory("reconciler-alert-files-").FullName;
    private LocalReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await LocalReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    internal static Alert Drift(AlertState state = AlertState.Firing, string message = "vdi-01 is Off; the spec wants it Running") => new(
        AlertKind.Drift, state, "lab", "3f9a1c", "vm/vdi-01", "power", "Running", "Off", message,
        Onset, Onset.AddMinutes(5), "0123456789abcdef0123456789abcdef01234567");

    private string File(string name, string content)
    {
        var path = Path.Combine(_files, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    private IAlertChannel Channel(AlertChannelOptions options, TimeSpan? renotify = null) =>
        Assert.Single(AlertChannels.Create(new AlertSettings { Channels = [options], RenotifyInterval = renotify ?? TimeSpan.FromHours(4) }, _http));

    private async Task<LocalReceiver.Received> DeliverAsync(IAlertChannel channel, Alert alert)
    {
        await channel.DeliverAsync(alert, CancellationToken.None);
        return (await _receiver.WaitForAsync(1, "the alert")).Single();
    }

    [Fact]
    public async Task Webhook_WithSecret_PostsTheAlertAsJsonSignedOverTheRawBody()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "webhook", Url = new Uri(_receiver.Address, "/hook").ToString(), SecretFile = File("key", "s3cret\n"), GeneratorUrl = "http://reconciler.local/api/v1/clusters/lab" });

        var received = await DeliverAsync(channel, Drift());

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), received.Body));
        Assert.Equal(expected, received.Headers["X-Reconciler-Signature"]);
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
        Assert.Equal("/hook", received.Path);
        var json = received.Json;
        Assert.Equal(("drift", "firing", "lab", "vm/vdi-01", "power"), (Str(json, "kind"), Str(json, "state"), Str(json, "cluster"), Str(json, "object"), Str(json, "field")));
        Assert.Equal(("Running", "Off", "3f9a1c"), (Str(json, "desired"), Str(json, "observed"), Str(json, "fingerprint")));
        Assert.Equal(("2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z"), (Str(json, "onset"), Str(json, "at")));
        Assert.Equal("0123456789abcdef0123456789abcdef01234567", Str(json, "revision"));
        Assert.Equal("http://reconciler.local/api/v1/clusters/lab", Str(json, "generatorUrl"));
    }

    [Fact]
    public async Task Webhook_WithoutSecret_SendsNoSignature()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "webhook", Url = _receiver.Address.ToString() });

        var received = await DeliverAsync(channel, Drift(AlertState.Resolved));

        Assert.False(received.Headers.ContainsKey("X-Reconciler-Signature"));
        Assert.Equal("resolved", Str(received.Json, "state"));
    }

    [Fact]
    public async Task Slack_PostsFallbackTextAndBlocks_WithHostTextEscaped()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "slack", UrlFile = File("slack-url", new Uri(_receiver.Address, "/services/T0/B0/xyz").ToString()) });

        var received = await DeliverAsync(channel, Drift(message: "vdi-01 <@here> & co is Off"));

        Assert.Equal("/services/T0/B0/xyz", received.Path);
        var json = received.Json;
        Assert.StartsWith("FIRING: lab drifted: vm/vdi-01", Str(json, "text"), StringComparison.Ordinal);
        var blocks = json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["header", "section", "section", "context"], blocks.Select(b => Str(b, "type")));
        Assert.Equal("vdi-01 &lt;@here&gt; &amp; co is Off", blocks[1].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks[2].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*Desired*\nRunning", fields);
        Assert.Contains("*Observed*\nOff", fields);
    }

    [Fact]
    public async Task Slack_LongStalledMessage_IsClippedToBlockKitLimits()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "slack", Url = _receiver.Address.ToString() });
        var stalled = Drift(message: new string('e', 5000)) with { Kind = AlertKind.Stalled, Object = "cluster/" + new string('c', 200) };

        var received = await DeliverAsync(channel, stalled);

        var blocks = received.Json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(150, blocks[0].GetProperty("text").GetProperty("text").GetString()!.Length);
        Assert.Equal(3000, blocks[1].GetProperty("text").GetProperty("text").GetString()!.Length);
    }

    [Fact]
    public async Task Teams_PostsAMessageWithOneAdaptiveCard()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "teams", Url = _receiver.Address.ToString(), GeneratorUrl = "http://reconciler.local/" });

        var received = await DeliverAsync(channel, Drift());

        var json = received.Json;
        Assert.Equal("message", Str(json, "type"));
        var attachment = Assert.Single(json.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("application/vnd.microsoft.card.adaptive", Str(attachment, "contentType"));
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (Str(card, "type"), Str(card, "version")));
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal("FIRING: lab drifted: vm/vdi-01", Str(body[0], "text"));
        var facts = body.Single(b => Str(b, "type") == "FactSet").GetProperty("facts").EnumerateArray().ToDictionary(f => Str(f, "title"), f => Str(f, "value"));
        Assert.Equal(("Running", "Off", "0123456789ab"), (facts["Desired"], facts["Observed"], facts["Revision"]));
        Assert.Equal("http://reconciler.local/", Str(card.GetProperty("actions")[0], "url"));
    }

    [Fact]
    public async Task Alertmanager_Firing_PostsToApiV2WithIdentityLabelsAndAnEndBeyondTheNextRenotify()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "alertmanager", Url = new Uri(_receiver.Address, "/am/").ToString(), GeneratorUrl = "http://reconciler.local/" }, TimeSpan.FromHours(1));

        var received = await DeliverAsync(channel, Drift());

        Assert.Equal("/am/api/v2/alerts", received.Path);
        var alert = Assert.Single(received.Json.EnumerateArray().ToList());
        var labels = alert.GetProperty("labels");
        Assert.Equal(("ReconcilerDrift", "lab", "vm/vdi-01", "3f9a1c"), (Str(labels, "alertname"), Str(labels, "cluster"), Str(labels, "object"), Str(labels, "fingerprint")));
        Assert.False(labels.TryGetProperty("message", out _));
        Assert.Equal("2026-11-22T10:00:00Z", Str(alert, "startsAt"));
        Assert.Equal("2026-11-22T12:05:00Z", Str(alert, "endsAt"));
        Assert.Equal("http://reconciler.local/", Str(alert, "generatorURL"));
        Assert.Equal("vdi-01 is Off; the spec wants it Running", Str(alert.GetProperty("annotations"), "description"));
    }

    [Fact]
    public async Task Alertmanager_Resolved_EndsAtTheTimeItCleared()
    {
        var channel = Channel(new AlertChannelOptions { Kind = "alertmanager", Url = _receiver.Address.ToString() });

        var received = await DeliverAsync(channel, Drift(AlertState.Resolved));

        var alert = Assert.Single(received.Json.EnumerateArray().ToList());
        Assert.Equal("2026-11-22T10:05:00Z", Str(alert, "endsAt"));
        Assert.Equal("2026-11-22T10:00:00Z", Str(alert, "startsAt"));
    }

    [Fact]
    public async Task Deliver_ReceiverRefuses_ThrowsWithTheStatusButNotTheSecretUrl()
    {
        _receiver.Status = 503;
        var channel = Channel(new AlertChannelOptions { Kind = "slack", Url = new Uri(_receiver.Address, "/services/SECRET-PATH").ToString() });

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => channel.DeliverAsync(Drift(), CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.DoesNotContain("SECRET", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UrlFileWithoutAUrl_IsAUsageErrorThatDoesNotShowTheSecret()
    {
        var settings = new AlertSettings { Channels = [new AlertChannelOptions { Kind = "slack", UrlFile = File("slack-url", "xoxb-SECRET-token") }] };

        var error = Assert.Throws<UsageException>(() => AlertChannels.Create(settings, _http));

        Assert.Contains("Reconciler:Alerts:Channels:0:UrlFile", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_NoName_NamesEachChannelByKindAndPosition()
    {
        var settings = new AlertSettings
        {
            Channels =
            [
                new AlertChannelOptions { Kind = "Slack", Url = "http://127.0.0.1:1/" },
                new AlertChannelOptions { Kind = "webhook", Url = "http://127.0.0.1:1/", Name = "ops" },
            ],
        };

        Assert.Equal(["slack-0", "ops"], AlertChannels.Create(settings, _http).Select(c => c.Name));
    }

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;
}
