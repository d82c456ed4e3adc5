namespace Reconciler.Git;

/// <summary>
/// How the fetch authenticates to the remote. Secrets are read from files (mounted Kubernetes
/// secrets, files with 0600 permissions) at the moment of each fetch, never from settings or a
/// command line: the token goes into the HTTP request's header in process, and SSH uses the key
/// file directly.
/// </summary>
public sealed record GitCredentials
{
    public static GitCredentials None { get; } = new();

    /// <summary>File holding an HTTPS access token (GitHub, GitLab, Gitea PAT or Azure DevOps PAT).</summary>
    public string? TokenFile { get; init; }

    /// <summary>User name sent with the token (GitHub accepts any; Azure DevOps ignores it).</summary>
    public string TokenUser { get; init; } = "x-access-token";

    /// <summary>Private key file for SSH remotes.</summary>
    public string? SshKeyFile { get; init; }

    /// <summary>known_hosts file for SSH remotes; without one, SSH refuses unknown hosts.</summary>
    public string? SshKnownHostsFile { get; init; }

    /// <summary>
    /// PEM file of certificate authorities an HTTPS remote's certificate may chain to, besides the
    /// system's trust store (a forge with a certificate from an in-house CA).
    /// </summary>
    public string? CaFile { get; init; }
}
