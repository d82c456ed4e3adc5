using System.Text;
using Reconciler.Testing.Git;

namespace Reconciler.Git.Tests;

/// <summary>The fetch over each transport libgit2 serves, against real servers on loopback.</summary>
public sealed class GitTransportTests : IDisposable
{
    private readonly TempRepository _origin = new();
    private readonly string _work = Directory.CreateTempSubdirectory("reconciler-transport-").FullName;

    public void Dispose()
    {
        _origin.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private GitSource Source(string url, GitCredentials? credentials = null, TimeSpan? timeout = null) => new(new GitSourceOptions
    {
        Repository = url,
        Branch = "main",
        Path = "specs",
        CacheDirectory = Path.Combine(_work, "cache"),
        Credentials = credentials ?? GitCredentials.None,
        Timeout = timeout ?? GitSourceOptions.DefaultTimeout,
    });

    private static bool Yaml(string path) => path.EndsWith(".yaml", StringComparison.Ordinal);

    [Fact]
    public async Task Fetch_OverGitProtocolFromADaemon_FollowsTheBranch()
    {
        _origin.Write("specs/a.yaml", "v1");
        var first = _origin.Commit("first");
        using var daemon = new GitDaemon(_origin.Directory);
        var source = Source(daemon.Url);

        var one = await source.FetchAsync(Yaml, CancellationToken.None);
        _origin.Write("specs/a.yaml", "v2");
        var second = _origin.Commit("second");
        var two = await source.FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(first, one.Revision.Commit);
        Assert.Equal(second, two.Revision.Commit);
        Assert.Equal("v2", Assert.Single(two.Files).Content);
    }

    [Fact]
    public async Task Fetch_OverSshWithTheConfiguredKeyAndKnownHosts_FollowsTheBranch()
    {
        _origin.Write("specs/a.yaml", "over ssh");
        var commit = _origin.Commit("first");
        using var server = new SshServer(Path.Combine(_work, "sshd"));
        var source = Source(server.Url(_origin.Directory), new GitCredentials { SshKeyFile = server.ClientKey, SshKnownHostsFile = server.KnownHosts });

        var snapshot = await source.FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(commit, snapshot.Revision.Commit);
        Assert.Equal("over ssh", Assert.Single(snapshot.Files).Content);
    }

    [Fact]
    public async Task Fetch_OverSshToAHostNotInKnownHosts_IsRefused()
    {
        _origin.Commit("first");
        using var server = new SshServer(Path.Combine(_work, "sshd"));
        var empty = Path.Combine(_work, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, "");
        var source = Source(server.Url(_origin.Directory), new GitCredentials { SshKeyFile = server.ClientKey, SshKnownHostsFile = empty });

        var error = await Assert.ThrowsAsync<GitException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.StartsWith("git fetch failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WithToken_SendsItAsBasicAuthorizationAndNeverShowsIt()
    {
        using var server = new RecordingHttpServer();
        var tokenFile = Path.Combine(_work, "token");
        await File.WriteAllTextAsync(tokenFile, "s3cret-token\n");

        var error = await Assert.ThrowsAsync<GitException>(() => Source(server.Url, new GitCredentials { TokenFile = tokenFile }).FetchAsync(Yaml, CancellationToken.None));

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:s3cret-token"));
        Assert.Contains(server.Requests, r => r.Contains($"\r\nAuthorization: Basic {basic}\r\n", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret-token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_MissingTokenFile_FailsNamingTheFileAndWhatToDo()
    {
        using var server = new RecordingHttpServer();

        var error = await Assert.ThrowsAsync<GitException>(() => Source(server.Url, new GitCredentials { TokenFile = Path.Combine(_work, "absent") }).FetchAsync(Yaml, CancellationToken.None));

        Assert.Contains("absent", error.Message, StringComparison.Ordinal);
        Assert.Contains("mount it there", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Fetch_OverHttpsFromAnInHouseCa_IsRefusedWithoutTheCaFileAndTrustedWithIt()
    {
        using var certificates = new TestCertificates();
        using var server = new RecordingHttpServer(certificates.Server);

        var refused = await Assert.ThrowsAsync<GitException>(() => Source(server.Url).FetchAsync(Yaml, CancellationToken.None));
        Assert.Empty(server.Requests);

        var caFile = certificates.WriteAuthority(_work);
        var answered = await Assert.ThrowsAsync<GitException>(() => Source(server.Url, new GitCredentials { CaFile = caFile }).FetchAsync(Yaml, CancellationToken.None));

        Assert.Contains("certificate", refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(server.Requests, r => r.StartsWith("GET /org/specs.git/info/refs?service=git-upload-pack ", StringComparison.Ordinal));
        Assert.Contains("404", answered.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_RemoteThatAcceptsAndNeverAnswers_IsGivenUpAtTheTimeout()
    {
        using var server = new RecordingHttpServer(hang: true);
        var source = Source(server.Url, timeout: TimeSpan.FromMilliseconds(700));

        var error = await Assert.ThrowsAsync<GitException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.True(error.TimedOut);
        Assert.Contains("did not finish within 0.7s", error.Message, StringComparison.Ordinal);
    }
}
