using System.Security.Cryptography;
using System.Text;

namespace Reconciler.Git;

/// <summary>
/// Follows one branch of a repository: each <see cref="FetchAsync"/> makes a shallow fetch of
/// the branch tip into a bare cache, checks its signature when asked to, and reads the spec
/// files at that commit. Failures throw; keeping the last good revision is the caller's job.
/// </summary>
public sealed class GitSource
{
    private const string TrackingRef = "refs/reconciler/source";
    private readonly GitSourceOptions _options;
    private readonly GitCli _git;
    private readonly string _cache;
    private readonly string _url;

    public GitSource(GitSourceOptions options)
    {
        _options = options;
        _url = FetchUrl(options.Repository);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_url + "\n" + options.Branch)))[..16];
        _cache = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.CacheDirectory, key));
        var environment = new Dictionary<string, string>();
        if (options.Verification.Mode == SignatureMode.Gpg)
        {
            environment["GNUPGHOME"] = System.IO.Path.Combine(_cache, "gnupg");
        }

        _git = new GitCli(options.Credentials, options.Timeout, environment);
    }

    /// <summary>The repository as it may be shown: no user name, password or token in it.</summary>
    public string DisplayUrl => Display(_options.Repository);

    public async Task<SourceSnapshot> FetchAsync(Func<string, bool> include, CancellationToken cancellationToken)
    {
        await EnsureCacheAsync(cancellationToken).ConfigureAwait(false);
        var source = string.IsNullOrEmpty(_options.Branch) ? "HEAD" : $"refs/heads/{_options.Branch}";
        await _git.RunAsync(_cache, ["fetch", "--quiet", "--no-tags", "--depth", "1", "--", _url, $"+{source}:{TrackingRef}"], cancellationToken).ConfigureAwait(false);

        var repository = new GitRepository(_cache, _git);
        var revision = await repository.ResolveAsync(TrackingRef, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(revision, cancellationToken).ConfigureAwait(false);
        var files = await repository.ReadFilesAsync(revision.Commit, _options.Path, include, cancellationToken).ConfigureAwait(false);
        return new SourceSnapshot(revision, files);
    }

    private async Task EnsureCacheAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(System.IO.Path.Combine(_cache, "HEAD")))
        {
            return;
        }

        Directory.CreateDirectory(_cache);
        await _git.RunAsync(_cache, ["init", "--quiet", "--bare"], cancellationToken).ConfigureAwait(false);
    }

    private async Task VerifyAsync(Revision revision, CancellationToken cancellationToken)
    {
        var verification = _options.Verification;
        List<string> arguments;
        switch (verification.Mode)
        {
            case SignatureMode.None:
                return;
            case SignatureMode.Gpg:
                await ImportKeysAsync(verification.KeysFile ?? throw new GitException("signature verification 'gpg' needs a keys file (armored public keys of the trusted signers)"), cancellationToken).ConfigureAwait(false);
                arguments = ["verify-commit", revision.Commit];
                break;
            case SignatureMode.Ssh:
                var signers = verification.AllowedSignersFile ?? throw new GitException("signature verification 'ssh' needs an allowed signers file");
                if (!File.Exists(signers))
                {
                    throw new GitException($"the allowed signers file {signers} does not exist; mount it there or fix the setting");
                }

                arguments = ["-c", $"gpg.ssh.allowedSignersFile={System.IO.Path.GetFullPath(signers)}", "verify-commit", revision.Commit];
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(revision), verification.Mode, "unknown signature mode");
        }

        try
        {
            await _git.RunAsync(_cache, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e) when (!e.TimedOut)
        {
            throw new UntrustedRevisionException(
                $"commit {revision.Short} is not signed by a trusted {verification.Mode.ToString().ToLowerInvariant()} key; sign it with a trusted key, or add its signer to the trusted keys ({e.Message})", e)
            { Revision = revision };
        }
    }

    private async Task ImportKeysAsync(string keysFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(keysFile))
        {
            throw new GitException($"the trusted keys file {keysFile} does not exist; mount it there or fix the setting");
        }

        // A keyring of our own holds exactly the trusted keys, so any good signature is trusted.
        var home = System.IO.Path.Combine(_cache, "gnupg");
        if (!Directory.Exists(home))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(home);
            }
            else
            {
                Directory.CreateDirectory(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var gpg = new GpgCli(home, _options.Timeout);
        await gpg.ImportAsync(System.IO.Path.GetFullPath(keysFile), cancellationToken).ConfigureAwait(false);
    }

    internal static string FetchUrl(string repository)
    {
        if (repository.Contains("://", StringComparison.Ordinal) || IsScpLike(repository))
        {
            return repository;
        }

        // A local directory: file:// makes git honour --depth as for a remote.
        return new Uri(System.IO.Path.GetFullPath(repository)).AbsoluteUri;
    }

    internal static string Display(string repository)
    {
        if (Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && !uri.IsFile)
        {
            return new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
        }

        return repository;
    }

    private static bool IsScpLike(string repository)
    {
        var colon = repository.IndexOf(':', StringComparison.Ordinal);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return colon > 1 && (slash < 0 || colon < slash);
    }
}
