using Reconciler.Testing.Git;

namespace Reconciler.Git.Tests;

public sealed class GitSourceTests : IDisposable
{
    private readonly TempRepository _origin = new();
    private readonly string _work = Directory.CreateTempSubdirectory("reconciler-source-").FullName;

    public void Dispose()
    {
        _origin.Dispose();
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
    public async Task Fetch_ShallowCacheOfTheGitClientEra_IsReplacedByAFullOne()
    {
        _origin.Write("specs/a.yaml", "v1");
        _origin.Commit("first");
        _origin.Write("specs/a.yaml", "v2");
        var second = _origin.Commit("second");
        var source = Source();
        Directory.CreateDirectory(source.CacheDirectory);
        TempRepository.Run(source.CacheDirectory, null, "init", "-q", "--bare");
        TempRepository.Run(source.CacheDirectory, null, "fetch", "-q", "--depth", "1", new Uri(_origin.Directory).AbsoluteUri, "+refs/heads/main:refs/reconciler/source");
        Assert.True(File.Exists(Path.Combine(source.CacheDirectory, "shallow")));

        var snapshot = await source.FetchAsync(Yaml, CancellationToken.None);

        Assert.Equal(second, snapshot.Revision.Commit);
        Assert.False(File.Exists(Path.Combine(source.CacheDirectory, "shallow")));
        Assert.Equal("2", TempRepository.Run(source.CacheDirectory, null, "rev-list", "--count", "refs/reconciler/source").Trim());
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
        using var signers = new TestSigners(Path.Combine(_work, "signers"));
        var source = Source(verification: new SignatureVerification { Mode = SignatureMode.Ssh, AllowedSignersFile = signers.AllowedSigners });

        _origin.Write("specs/a.yaml", "signed");
        var signed = TestSigners.CommitSsh(_origin, signers.TrustedSshKey, "signed");
        var accepted = await source.FetchAsync(Yaml, CancellationToken.None);

        _origin.Write("specs/a.yaml", "unsigned");
        var unsigned = _origin.Commit("unsigned");
        var refusedUnsigned = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        _origin.Write("specs/a.yaml", "stranger");
        var stranger = TestSigners.CommitSsh(_origin, signers.StrangerSshKey, "stranger");
        var refusedStranger = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.Equal(signed, accepted.Revision.Commit);
        Assert.Equal(unsigned, refusedUnsigned.Revision!.Commit);
        Assert.Contains("not signed by a trusted ssh key", refusedUnsigned.Message, StringComparison.Ordinal);
        Assert.Equal(stranger, refusedStranger.Revision!.Commit);
    }

    [Fact]
    public async Task GpgVerification_AcceptsTrustedSignatureAndRefusesUnsignedOrSshSigned()
    {
        using var signers = new TestSigners(Path.Combine(_work, "signers"));
        var source = Source(verification: new SignatureVerification { Mode = SignatureMode.Gpg, KeysFile = signers.TrustedGpgKeys });

        _origin.Write("specs/a.yaml", "signed");
        signers.CommitGpg(_origin, "signed");
        var accepted = await source.FetchAsync(Yaml, CancellationToken.None);

        _origin.Write("specs/a.yaml", "unsigned");
        _origin.Commit("unsigned");
        var refused = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        _origin.Write("specs/a.yaml", "ssh");
        TestSigners.CommitSsh(_origin, signers.TrustedSshKey, "signed, but not with gpg");
        var refusedSsh = await Assert.ThrowsAsync<UntrustedRevisionException>(() => source.FetchAsync(Yaml, CancellationToken.None));

        Assert.Equal("signed", accepted.Files[0].Content);
        Assert.Contains("not signed by a trusted gpg key", refused.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by a trusted gpg key", refusedSsh.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://user:secret@example.com/org/repo.git", "https://example.com/org/repo.git")]
    [InlineData("git@github.com:org/repo.git", "git@github.com:org/repo.git")]
    public void DisplayUrl_NeverShowsCredentials(string repository, string shown) =>
        Assert.Equal(shown, GitSource.Display(repository));
}
