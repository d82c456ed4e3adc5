using Reconciler.Git;
using Reconciler.Settings;

namespace Reconciler.Service;

/// <summary>The specs of one branch and path of a git repository.</summary>
internal sealed class GitSpecSource : ISpecSource
{
    private readonly GitSource _source;

    public GitSpecSource(GitSourceOptions options)
    {
        _source = new GitSource(options);
        Description = $"{_source.DisplayUrl} {(string.IsNullOrEmpty(options.Branch) ? "(default branch)" : options.Branch)}:{options.Path}";
    }

    public string Description { get; }

    public Task<SourceSnapshot> FetchAsync(CancellationToken cancellationToken) =>
        _source.FetchAsync(IsSpecFile, cancellationToken);

    /// <summary>The files the service (and <c>reconciler diff</c>) read as specs.</summary>
    internal static bool IsSpecFile(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The settings as git needs them. With no repository set, the service follows the git
    /// repository it is started in, on its current branch (the README's main job).
    /// </summary>
    public static Task<GitSourceOptions> ResolveAsync(ServiceOptions options, string workingDirectory, CancellationToken cancellationToken)
    {
        var source = options.Source;
        var repository = source.Repository;
        var branch = string.IsNullOrWhiteSpace(source.Branch) ? null : source.Branch;
        if (string.IsNullOrWhiteSpace(repository))
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var started = new GitRepository(workingDirectory);
                repository = started.Root;
                branch ??= started.CurrentBranch; // null on a detached HEAD: follow whatever HEAD points at
            }
            catch (GitException e)
            {
                throw new UsageException($"{workingDirectory} is not inside a git repository, and Reconciler:Source:Repository is not set; run from a clone or set the repository to follow ({e.Message})");
            }
        }

        return Task.FromResult(new GitSourceOptions
        {
            Repository = repository,
            Branch = branch,
            Path = source.Path,
            CacheDirectory = options.GitCacheDirectory,
            Timeout = source.GitTimeout,
            Credentials = new GitCredentials
            {
                TokenFile = source.TokenFile,
                TokenUser = source.TokenUser,
                SshKeyFile = source.SshKeyFile,
                SshKnownHostsFile = source.SshKnownHostsFile,
                CaFile = source.CaFile,
            },
            Verification = source.Verify.ToLowerInvariant() switch
            {
                "gpg" => new SignatureVerification { Mode = SignatureMode.Gpg, KeysFile = source.TrustedKeysFile },
                "ssh" => new SignatureVerification { Mode = SignatureMode.Ssh, AllowedSignersFile = source.AllowedSignersFile },
                _ => SignatureVerification.Off,
            },
        });
    }
}
