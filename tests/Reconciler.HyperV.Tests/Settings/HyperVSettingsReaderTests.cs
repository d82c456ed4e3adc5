using Reconciler.HyperV.Settings;

namespace Reconciler.HyperV.Tests.Settings;

/// <summary>The connection settings file: defaults, every problem reported with file:line:column, secrets read from files.</summary>
public sealed class HyperVSettingsReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-hvsettings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Path(string name) => System.IO.Path.Combine(_dir, name);

    [Fact]
    public void Parse_AFullFile_ReadsHostsAuthTlsAndTimeouts()
    {
        var settings = HyperVSettingsReader.Parse(Path("hyperv.yaml"), """
            apiVersion: reconciler/v1
            kind: HyperVConnection
            metadata: { name: store-042 }
            spec:
              hosts:
                - hv-01
                - { name: hv-02, address: 10.0.0.2, port: 15986 }
              port: 5987
              transport: https
              auth: basic
              usernameFile: secrets/user
              passwordFile: /run/secrets/password
              tls: { caFile: ca.pem, insecureSkipVerify: false }
              timeouts: { operation: 45s, job: 10m, jobPoll: 500ms, shutdownPoll: 2s }
              dda: { forceDismount: true }
            """);

        Assert.True(settings.ForceDismount);

        Assert.Equal("store-042", settings.Cluster);
        Assert.Equal([new HyperVHost("hv-01", "hv-01", 5987), new HyperVHost("hv-02", "10.0.0.2", 15986)], settings.Hosts);
        Assert.Equal(HyperVAuth.Basic, settings.Auth);
        Assert.Equal(HyperVTransport.Https, settings.Transport);
        Assert.Equal(Path("secrets/user"), settings.UsernameFile);
        Assert.Equal("/run/secrets/password", settings.PasswordFile);
        Assert.Equal(Path("ca.pem"), settings.CaFile);
        Assert.Equal(TimeSpan.FromSeconds(45), settings.OperationTimeout);
        Assert.Equal(TimeSpan.FromMinutes(10), settings.JobTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.JobPollInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ShutdownPollInterval);
    }

    [Fact]
    public void Parse_AnOperationTimeoutAboveWinRmsSixtySeconds_IsAnErrorAtItsLine()
    {
        var error = Assert.Throws<HyperVSettingsException>(() => HyperVSettingsReader.Parse("h.yaml", """
            kind: HyperVConnection
            metadata: { name: lab }
            spec:
              hosts: [hv-01]
              usernameFile: u
              passwordFile: p
              timeouts: { operation: 90s }
            """));

        Assert.Contains("h.yaml:7:", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 60s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AMinimalFile_TakesNegotiateOverHttpOn5985AsHostsCome()
    {
        var settings = HyperVSettingsReader.Parse("h.yaml", """
            kind: HyperVConnection
            metadata: { name: lab }
            spec: { hosts: [hv-01], usernameFile: u, passwordFile: p }
            """);

        Assert.Equal(HyperVAuth.Negotiate, settings.Auth);
        Assert.Equal(HyperVTransport.Http, settings.Transport);
        Assert.Equal(5985, Assert.Single(settings.Hosts).Port);
        Assert.False(settings.InsecureSkipVerify);
        Assert.Null(settings.CaFile);
        Assert.Equal(HyperVSettings.DefaultOperationTimeout, settings.OperationTimeout);
        Assert.False(settings.ForceDismount);
    }

    [Fact]
    public void Parse_SeveralMistakes_ReportsEachWithFileLineAndColumn()
    {
        var error = Assert.Throws<HyperVSettingsException>(() => HyperVSettingsReader.Parse("conf/hyperv.yaml", """
            kind: HyperVConnection
            metadata: { name: lab }
            spec:
              hosts: [hv-01, hv-01]
              auth: kerberas
              port: 99999
              passwordFile: p
              timeouts: { job: soon }
              tsl: {}
            """));

        Assert.Contains("conf/hyperv.yaml:4:10: error: host hv-01 is listed 2 times", error.Problems);
        Assert.Contains("conf/hyperv.yaml:5:9: error: auth kerberas is not known; use negotiate (Kerberos, NTLM where Kerberos cannot be had), kerberos, ntlm or basic", error.Problems);
        Assert.Contains(error.Problems, p => p.StartsWith("conf/hyperv.yaml:6:9: error: port 99999", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("conf/hyperv.yaml:8:20: error: job soon is not a duration", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.StartsWith("conf/hyperv.yaml:9:3: error: unknown key tsl (did you mean tls?)", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("usernameFile is required", StringComparison.Ordinal));
        Assert.Equal(6, error.Problems.Count);
    }

    [Fact]
    public void Parse_NotYaml_SaysWhereTheSyntaxBreaks()
    {
        var error = Assert.Throws<HyperVSettingsException>(() => HyperVSettingsReader.Parse("h.yaml", "kind: [unclosed\nspec: x\n"));

        Assert.StartsWith("h.yaml:", error.Problems[0], StringComparison.Ordinal);
        Assert.Contains("not valid YAML", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongKind_SaysWhatKindItShouldBe()
    {
        var error = Assert.Throws<HyperVSettingsException>(() => HyperVSettingsReader.Parse("h.yaml", """
            kind: SimulatedCluster
            metadata: { name: lab }
            spec: { hosts: [hv-01], usernameFile: u, passwordFile: p }
            """));

        Assert.Equal("h.yaml:1:7: error: kind is SimulatedCluster; a connection settings file has kind: HyperVConnection", Assert.Single(error.Problems));
    }

    [Fact]
    public void Open_WithAMissingPasswordFile_NamesTheKeyAndTheFile()
    {
        File.WriteAllText(Path("user"), "admin");
        File.WriteAllText(Path("hyperv.yaml"), """
            kind: HyperVConnection
            metadata: { name: lab }
            spec: { hosts: [hv-01], usernameFile: user, passwordFile: missing-password }
            """);

        var error = Assert.Throws<HyperVSettingsException>(() => HyperVTarget.Open(Path("hyperv.yaml")));

        Assert.Contains("passwordFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing-password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AFileThatDoesNotExist_SaysSo()
    {
        var error = Assert.Throws<HyperVSettingsException>(() => HyperVSettingsReader.Read(Path("nope.yaml")));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
