using Reconciler.Cli.Service;

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
}
