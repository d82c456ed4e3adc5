namespace Reconciler.Git.Tests;

public sealed class GitSourceTests : IDisposable
{
    private readonly TempRepository _origin = new();
    private readonly string _work = Directory.CreateTempSubdirectory("reconciler-source-").FullName;

    public void Dispose()
    {
        _origin.Dispose();
        foreach (var home in Directory.GetDirectories(_work, "*gnupg*", SearchOption.AllDirectories))
        {
            // gpg starts an agent per keyring; stop it rather than leave it behind.
            try
            {
                Run("gpgconf", "--homedir", home, "--kill", "gpg-agent");
            }
            catch (Xunit.Sdk.XunitException)
            {
            }
        }

        Directory.Delete(_work, recursive: true);
    }

    private GitSource Source(string? branch = "main", SignatureVerification? verification = null) => new(new GitSourceOptions
    {
        Repository = _origin.Directory,
        Branch = branch,
        Path = "specs",
        CacheDirectory = Path.Combine(_work, "cache"),
        Verification = verification ?? SignatureVerification.Off,
    });

    private static bool Yaml(string path) => path.EndsWith(".yaml", StringComparison.Ordinal);

    [Fact]
    public async Task Fetch_FollowsTheBranchTipFromOneTickToTheNext()
    {
        _origin.Write("specs/a.yaml", "v1");
        var first = _origin.Commit("first");
        var source = Source();

        var one = await source.FetchAsync(Yaml, CancellationToken.None);
        _origin.Write("specs/a.yaml", "v2");
        _origin.Write("README", "not a spec");
        var second = _origin.Commit("second");
        var two = await source.FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(first, one.Revision.Commit);
        Assert.Equal("v1", Assert.Single(one.Files).Content);
        Assert.Equal(second, two.Revision.Commit);
        Assert.Equal("v2", Assert.Single(two.Files).Content);
    }

    [Fact]
    public async Task Fetch_WithoutBranch_FollowsTheDefaultBranch()
    {
        _origin.Write("specs/a.yaml", "x");
        var commit = _origin.Commit("c");

        var snapshot = await Source(branch: null).FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(commit, snapshot.Revision.Commit);
    }

    [Fact]
    public async Task Fetch_OtherBranchesDoNotMoveTheSource()
    {
        _origin.Write("specs/a.yaml", "main");
        var main = _origin.Commit("main");
        _origin.Git("checkout", "-q", "-b", "feature");
        _origin.Write("specs/a.yaml", "feature");
        _origin.Commit("feature");

        var snapshot = await Source().FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(main, snapshot.Revision.Commit);
        Assert.Equal("main", snapshot.Files[0].Content);
    }

    [Fact]
    public async Task Fetch_MissingBranch_FailsWithGitsReason()
    {
        _origin.Commit("c");

        var error = await Assert.ThrowsAsync<GitException>(() => Source(branch: "nope").FetchAsync(Yaml, CancellationToken.None));

        Assert.Contains("git fetch failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("nope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SshVerification_AcceptsTrustedSignatureAndRefusesUnsignedOrStranger()
    {
        var trusted = SshKey("trusted");
        var stranger = SshKey("stranger");
        var signers = Path.Combine(_work, "allowed_signers");
        await File.WriteAllTextAsync(signers, $"test@example.com {await File.ReadAllTextAsync(trusted + ".pub")}");
        var source = Source(verification: new SignatureVerification { Mode = SignatureMode.Ssh, AllowedSignersFile = signers });
        _origin.Git("config", "gpg.format", "ssh");

        _origin.Write("specs/a.yaml", "signed");
        var signed = SignedCommit(trusted, "signed");
        var accepted = await source.FetchAsync(Yaml, CancellationToken.None);

        _origin.Write("specs/a.yaml", "unsigned");
        var unsigned = _origin.Commit("unsigned");
        var refusedUnsigned = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        _origin.Write("specs/a.yaml", "stranger");
        SignedCommit(stranger, "stranger");
        var refusedStranger = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.Equal(signed, accepted.Revision.Commit);
        Assert.Equal(unsigned, refusedUnsigned.Revision!.Commit);
        Assert.Contains("not signed by a trusted ssh key", refusedUnsigned.Message, StringComparison.Ordinal);
        Assert.NotEqual(unsigned, refusedStranger.Revision!.Commit);
    }

    [Fact]
    public async Task GpgVerification_AcceptsTrustedSignatureAndRefusesUnsigned()
    {
        var gnupg = Path.Combine(_work, "signer-gnupg");
        Directory.CreateDirectory(gnupg);
        Run("gpg", "--batch", "--homedir", gnupg, "--passphrase", "", "--quick-gen-key", "Signer <signer@example.com>", "ed25519", "sign", "never");
        var keys = Path.Combine(_work, "trusted.asc");
        Run("gpg", "--batch", "--homedir", gnupg, "--armor", "--output", keys, "--export", "signer@example.com");
        var source = Source(verification: new SignatureVerification { Mode = SignatureMode.Gpg, KeysFile = keys });

        _origin.Write("specs/a.yaml", "signed");
        var git = new GitCli(environment: new Dictionary<string, string> { ["GNUPGHOME"] = gnupg });
        await git.RunAsync(_origin.Directory, CancellationToken.None, "add", "-A");
        await git.RunAsync(_origin.Directory, CancellationToken.None, "-c", "user.signingkey=signer@example.com", "commit", "-q", "-S", "-m", "signed");
        var accepted = await source.FetchAsync(Yaml, CancellationToken.None);

        _origin.Write("specs/a.yaml", "unsigned");
        _origin.Commit("unsigned");
        var refused = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.Equal("signed", accepted.Files[0].Content);
        Assert.Contains("not signed by a trusted gpg key", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:secret@example.com/org/repo.git", "https://example.com/org/repo.git")]
    [InlineData("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    public void DisplayUrl_NeverShowsCredentials(string repository, string shown) =>
        Assert.Equal(shown, GitSource.Display(repository));

    private string SshKey(string name)
    {
        var path = Path.Combine(_work, name);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path);
        return path;
    }

    private string SignedCommit(string key, string message)
    {
        _origin.Git("add", "-A");
        _origin.Git("-c", $"user.signingkey={key}", "commit", "-q", "-S", "-m", message);
        return _origin.Git("rev-parse", "HEAD").Trim();
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
    }
}
