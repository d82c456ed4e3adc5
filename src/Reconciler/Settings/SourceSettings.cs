namespace Reconciler.Settings;

internal sealed class SourceSettings
{
    /// <summary>Clone URL or local directory; empty = the git repository the service is started in.</summary>
    public string? Repository { get; set; }

    /// <summary>Branch to follow; empty = the started-in repository's current branch, or a remote's default branch.</summary>
    public string? Branch { get; set; }

    /// <summary>Directory (or file) of the specs inside the repository.</summary>
    public string Path { get; set; } = "specs/examples";

    /// <summary>Time limit of a fetch (connecting, and each wait on the remote) and of each signature check.</summary>
    public TimeSpan GitTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>File holding an HTTPS access token.</summary>
    public string? TokenFile { get; set; }

    public string TokenUser { get; set; } = "x-access-token";

    public string? SshKeyFile { get; set; }

    public string? SshKnownHostsFile { get; set; }

    /// <summary>PEM certificates of an in-house CA that signs the HTTPS remote's certificate (besides the system's).</summary>
    public string? CaFile { get; set; }

    /// <summary>none | gpg | ssh: refuse revisions whose tip commit is not signed by a trusted key.</summary>
    public string Verify { get; set; } = "none";

    /// <summary>Armored public keys of trusted signers (Verify = gpg).</summary>
    public string? TrustedKeysFile { get; set; }

    /// <summary>SSH allowed-signers file (Verify = ssh).</summary>
    public string? AllowedSignersFile { get; set; }
}
