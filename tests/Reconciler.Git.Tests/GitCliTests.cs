using System.Text;

namespace Reconciler.Git.Tests;

public sealed class GitCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Token_ReachesGitAsAnAuthorizationHeaderThroughTheEnvironment()
    {
        var tokenFile = Path.Combine(_dir, "token");
        await File.WriteAllTextAsync(tokenFile, "s3cret-token\n");
        var git = new GitCli(new GitCredentials { TokenFile = tokenFile });

        var result = await git.RunAsync(_dir, CancellationToken.None, "config", "--get", "http.extraHeader");

        var expected = Convert.ToBase64String(Encoding.UTF8.GetBytes("x-access-token:s3cret-token"));
        Assert.Equal($"Authorization: Basic {expected}", result.StandardOutput.Trim());
    }

    [Fact]
    public async Task MissingTokenFile_FailsNamingTheFileAndWhatToDo()
    {
        var git = new GitCli(new GitCredentials { TokenFile = Path.Combine(_dir, "absent") });

        var error = await Assert.ThrowsAsync<GitException>(() => git.RunAsync(_dir, CancellationToken.None, "version"));

        Assert.Contains("absent", error.Message, StringComparison.Ordinal);
        Assert.Contains("mount it there", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailedCommand_ReportsTheSubcommandAndGitsMessage()
    {
        var git = new GitCli();

        var error = await Assert.ThrowsAsync<GitException>(() => git.RunAsync(_dir, CancellationToken.None, "log"));

        Assert.StartsWith("git log failed (exit 128)", error.Message, StringComparison.Ordinal);
        Assert.Contains("not a git repository", error.Message, StringComparison.Ordinal);
        Assert.False(error.TimedOut);
    }

    [Fact]
    public async Task SlowCommand_IsKilledAtTheTimeout()
    {
        // A fetch from a listener that accepts and never answers would hang without the timeout.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var git = new GitCli(timeout: TimeSpan.FromMilliseconds(700));
        await git.RunAsync(_dir, CancellationToken.None, "init", "-q");

        var error = await Assert.ThrowsAsync<GitException>(() => git.RunAsync(_dir, CancellationToken.None, "fetch", $"http://127.0.0.1:{port}/repo.git"));

        Assert.True(error.TimedOut);
        Assert.Contains("did not finish within 0.7s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_ReplacesEverySecretOccurrence()
    {
        var text = GitCli.Redact("fatal: token abc123 rejected; header YWJj abc123", ["abc123", "YWJj"]);

        Assert.Equal("fatal: token *** rejected; header *** ***", text);
    }
}
