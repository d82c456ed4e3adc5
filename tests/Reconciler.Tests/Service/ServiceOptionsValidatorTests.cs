using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Reconciler.Hosting;
using Reconciler.Settings;

namespace Reconciler.Tests.Service;

public sealed class ServiceOptionsValidatorTests
{
    private static readonly Dictionary<string, Action<ServiceOptions>> Spoilers = new()
    {
        ["interval"] = o => o.Interval = TimeSpan.Zero,
        ["backoff"] = o => o.MaxBackoff = TimeSpan.FromSeconds(1),
        ["listen"] = o => o.Http.Listen = "127.0.0.1:8080",
        ["verify mode"] = o => o.Source.Verify = "pgp",
        ["gpg keys"] = o => o.Source.Verify = "gpg",
        ["ssh signers"] = o => o.Source.Verify = "ssh",
        ["token file"] = o => o.Source.TokenFile = "/nonexistent/token",
        ["cluster both"] = o => o.Clusters["lab"] = new ClusterSettings(),
        ["executor"] = o => o.Executor.MaxParallelHosts = 0,
        ["path"] = o => o.Source.Path = " ",
        ["channel kind"] = o => o.Alerts.Channels.Add(new AlertChannelOptions { Kind = "pager", Url = "https://example.com" }),
        ["channel url"] = o => o.Alerts.Channels.Add(new AlertChannelOptions { Kind = "slack" }),
        ["channel url scheme"] = o => o.Alerts.Channels.Add(new AlertChannelOptions { Kind = "teams", Url = "ftp://example.com" }),
        ["channel url file"] = o => o.Alerts.Channels.Add(new AlertChannelOptions { Kind = "slack", UrlFile = "/nonexistent/url" }),
        ["channel secret kind"] = o => o.Alerts.Channels.Add(new AlertChannelOptions { Kind = "slack", Url = "https://example.com", SecretFile = "/etc/hostname" }),
    };

    public static TheoryData<string, string> BadSettings => new()
    {
        { "interval", "Reconciler:Interval (00:00:00) must be at least 00:00:01" },
        { "backoff", "Reconciler:MaxBackoff (00:00:01) is shorter than Reconciler:InitialBackoff" },
        { "listen", "Reconciler:Http:Listen '127.0.0.1:8080' is not an address to listen on" },
        { "verify mode", "Reconciler:Source:Verify 'pgp' is not one of none, gpg, ssh" },
        { "gpg keys", "Reconciler:Source:TrustedKeysFile is not set" },
        { "ssh signers", "Reconciler:Source:AllowedSignersFile is not set" },
        { "token file", "Reconciler:Source:TokenFile: file /nonexistent/token does not exist" },
        { "cluster both", "Reconciler:Clusters:lab must set exactly one of Simulator" },
        { "executor", "Reconciler:Executor:MaxParallelHosts" },
        { "path", "Reconciler:Source:Path is empty" },
        { "channel kind", "Reconciler:Alerts:Channels:0:Kind 'pager' is not one of webhook, slack, teams, alertmanager" },
        { "channel url", "Reconciler:Alerts:Channels:0 must set exactly one of Url or UrlFile" },
        { "channel url scheme", "Reconciler:Alerts:Channels:0:Url is not an http(s) URL" },
        { "channel url file", "Reconciler:Alerts:Channels:0:UrlFile: file /nonexistent/url does not exist" },
        { "channel secret kind", "Reconciler:Alerts:Channels:0:SecretFile signs generic webhook bodies only" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_IsNamedWithWhatToDo(string name, string expected)
    {
        var options = new ServiceOptions();
        Spoilers[name](options);

        var result = new ServiceOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, name);
        Assert.Contains(result.Failures!, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_Defaults_AreValid() =>
        Assert.True(new ServiceOptionsValidator().Validate(null, new ServiceOptions()).Succeeded);

    [Fact]
    public void Validate_ReportsEveryBadSettingAtOnce()
    {
        var options = new ServiceOptions { Interval = TimeSpan.Zero };
        options.Http.Listen = "nope";

        Assert.Equal(2, new ServiceOptionsValidator().Validate(null, options).Failures!.Count());
    }

    [Fact]
    public async Task Build_BadSettings_StartUpFailsNamingEveryOne()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reconciler:Source:Repository"] = Path.GetTempPath(),
            ["Reconciler:Interval"] = "00:00:00",
            ["Reconciler:Http:Listen"] = "nope",
        }).Build();

        var error = await Assert.ThrowsAsync<UsageException>(() => ServiceHost.BuildAsync(configuration, source: null, CancellationToken.None));

        Assert.StartsWith("invalid configuration:", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reconciler:Interval (00:00:00) must be at least 00:00:01", error.Message, StringComparison.Ordinal);
        Assert.Contains("Reconciler:Http:Listen 'nope' is not an address to listen on", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_GoodSettings_TheHostsOptionsAreTheBoundAndValidatedOnes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Reconciler:Source:Repository"] = Path.GetTempPath(),
            ["Reconciler:Interval"] = "00:02:00",
            ["Reconciler:Http:Listen"] = "http://127.0.0.1:0",
            ["Reconciler:StateDirectory"] = Path.Combine(Path.GetTempPath(), "reconciler-options-" + Guid.NewGuid().ToString("N")),
        }).Build();

        await using var app = await ServiceHost.BuildAsync(configuration, new FakeSpecSource(), CancellationToken.None);

        // The pipeline's value (IOptions) is what the service runs with, and ValidateOnStart registered its check.
        Assert.Same(app.Services.GetRequiredService<IOptions<ServiceOptions>>().Value, app.Services.GetRequiredService<ServiceOptions>());
        Assert.Equal(TimeSpan.FromMinutes(2), app.Services.GetRequiredService<ServiceOptions>().Interval);
        Assert.IsType<ServiceOptionsValidator>(Assert.Single(app.Services.GetServices<IValidateOptions<ServiceOptions>>()));
        app.Services.GetRequiredService<IStartupValidator>().Validate();
    }
}
