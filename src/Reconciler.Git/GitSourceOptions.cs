namespace Reconciler.Git;

/// <summary>Where specs come from: a branch and path of a git repository.</summary>
public sealed record GitSourceOptions
{
    /// <summary>Clone URL (https://, ssh://, git@host:path) or a local repository directory.</summary>
    public required string Repository { get; init; }

    /// <summary>The branch to follow; null follows the remote's default branch (its HEAD).</summary>
    public string? Branch { get; init; }

    /// <summary>Directory (or single file) inside the repository holding the specs; empty = the whole tree.</summary>
    public string Path { get; init; } = "";

    /// <summary>Where the service keeps its bare clone between ticks and restarts.</summary>
    public required string CacheDirectory { get; init; }

    /// <summary>Time limit of a fetch (connect and each wait on the remote) and of each signature check.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public GitCredentials Credentials { get; init; } = GitCredentials.None;

    public SignatureVerification Verification { get; init; } = SignatureVerification.Off;
}
