namespace Reconciler.Git;

public enum SignatureMode
{
    /// <summary>Any revision is accepted.</summary>
    None,

    /// <summary>The revision's commit must carry a good OpenPGP signature from a key in <see cref="SignatureVerification.KeysFile"/>.</summary>
    Gpg,

    /// <summary>The revision's commit must carry a good SSH signature from a key in <see cref="SignatureVerification.AllowedSignersFile"/>.</summary>
    Ssh,
}

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
