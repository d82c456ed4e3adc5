using LibGit2Sharp;

namespace Reconciler.Git;

/// <summary>
/// Checks the tip commit's signature the way <c>git verify-commit</c> does, without git: libgit2
/// extracts the signature and the signed commit text, and the signer's own tool verifies them:
/// <c>gpg --verify</c> against a keyring holding exactly the trusted keys, or
/// <c>ssh-keygen -Y find-principals</c> then <c>-Y verify -n git</c> against the allowed signers.
/// </summary>
internal sealed class SignatureChecker(SignatureVerification verification, string workDirectory, TimeSpan timeout)
{
    private const string GpgHint = "install gnupg to verify OpenPGP signatures";
    private const string SshHint = "install openssh-client (ssh-keygen) to verify SSH signatures";

    /// <exception cref="UntrustedRevisionException">The commit is unsigned or signed by nobody trusted.</exception>
    public async Task VerifyAsync(Repository repository, Revision revision, CancellationToken cancellationToken)
    {
        if (verification.Mode == SignatureMode.None)
        {
            return;
        }

        var mode = verification.Mode.ToString().ToLowerInvariant();
        SignatureInfo signature;
        try
        {
            signature = Commit.ExtractSignature(repository, new ObjectId(revision.Commit));
        }
        catch (NotFoundException e)
        {
            throw Untrusted(revision, mode, "the commit carries no signature", e);
        }

        Directory.CreateDirectory(workDirectory);
        var signatureFile = Path.Combine(workDirectory, "signature");
        var dataFile = Path.Combine(workDirectory, "signed");
        await File.WriteAllTextAsync(signatureFile, signature.Signature, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(dataFile, signature.SignedData, cancellationToken).ConfigureAwait(false);
        try
        {
            if (verification.Mode == SignatureMode.Gpg)
            {
                await VerifyGpgAsync(revision, signatureFile, dataFile, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await VerifySshAsync(revision, signatureFile, signature.SignedData, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            File.Delete(signatureFile);
            File.Delete(dataFile);
        }
    }

    private async Task VerifyGpgAsync(Revision revision, string signatureFile, string dataFile, CancellationToken cancellationToken)
    {
        var keysFile = verification.KeysFile ?? throw new GitException("signature verification 'gpg' needs a keys file (armored public keys of the trusted signers)");
        var home = await ImportKeysAsync(keysFile, cancellationToken).ConfigureAwait(false);
        string status;
        try
        {
            status = await ExternalTool.RunAsync("gpg", ["--homedir", home, "--batch", "--no-tty", "--status-fd", "1", "--verify", signatureFile, dataFile], null, timeout, GpgHint, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e) when (!e.TimedOut && !e.Message.Contains("could not be started", StringComparison.Ordinal))
        {
            throw Untrusted(revision, "gpg", e.Message, e);
        }

        // As git: a GOODSIG line is a good signature; the keyring holds nothing but trusted keys.
        if (!status.Split('\n').Any(l => l.StartsWith("[GNUPG:] GOODSIG ", StringComparison.Ordinal)))
        {
            throw Untrusted(revision, "gpg", "gpg reported no good signature", null);
        }
    }

    private async Task VerifySshAsync(Revision revision, string signatureFile, string signedData, CancellationToken cancellationToken)
    {
        var signers = verification.AllowedSignersFile ?? throw new GitException("signature verification 'ssh' needs an allowed signers file");
        if (!File.Exists(signers))
        {
            throw new GitException($"the allowed signers file {signers} does not exist; mount it there or fix the setting");
        }

        signers = Path.GetFullPath(signers);
        try
        {
            var principals = await ExternalTool.RunAsync("ssh-keygen", ["-Y", "find-principals", "-f", signers, "-s", signatureFile], null, timeout, SshHint, cancellationToken).ConfigureAwait(false);
            var principal = principals.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? throw Untrusted(revision, "ssh", "no allowed signer matches the signing key", null);
            await ExternalTool.RunAsync("ssh-keygen", ["-Y", "verify", "-f", signers, "-I", principal, "-n", "git", "-s", signatureFile], signedData, timeout, SshHint, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e) when (!e.TimedOut && !e.Message.Contains("could not be started", StringComparison.Ordinal))
        {
            throw Untrusted(revision, "ssh", e.Message, e);
        }
    }

    /// <summary>A keyring of the service's own holds exactly the trusted keys, so any good signature is trusted.</summary>
    private async Task<string> ImportKeysAsync(string keysFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(keysFile))
        {
            throw new GitException($"the trusted keys file {keysFile} does not exist; mount it there or fix the setting");
        }

        var home = Path.Combine(workDirectory, "gnupg");
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

        try
        {
            await ExternalTool.RunAsync("gpg", ["--batch", "--quiet", "--homedir", home, "--import", Path.GetFullPath(keysFile)], null, timeout, GpgHint, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e) when (!e.TimedOut)
        {
            throw new GitException($"gpg could not import the trusted keys from {keysFile}: {e.Message}; give an armored public key file (gpg --armor --export)", e);
        }

        return home;
    }

    private static UntrustedRevisionException Untrusted(Revision revision, string mode, string reason, Exception? inner)
    {
        var message = $"commit {revision.Short} is not signed by a trusted {mode} key; sign it with a trusted key, or add its signer to the trusted keys ({reason})";
        return inner is null ? new(message) { Revision = revision } : new(message, inner) { Revision = revision };
    }
}
