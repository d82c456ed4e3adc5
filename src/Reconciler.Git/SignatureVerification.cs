namespace Reconciler.Git;

/// <summary>
/// Which commit signatures make a revision trustworthy. Only the tip commit of the branch is
/// checked (what the service applies), as Flux and Argo CD do.
/// </summary>
public sealed record SignatureVerification
{
    public static SignatureVerification Off { get; } = new();

    public SignatureMode Mode { get; init; } = SignatureMode.None;

    /// <summary>Armored OpenPGP public keys of the trusted signers (gpg mode).</summary>
    public string? KeysFile { get; init; }

    /// <summary>An SSH allowed-signers file (ssh mode), the format of ssh-keygen(1) ALLOWED SIGNERS.</summary>
    public string? AllowedSignersFile { get; init; }
}
