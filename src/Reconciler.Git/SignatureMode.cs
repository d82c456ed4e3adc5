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
