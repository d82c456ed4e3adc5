using System.Diagnostics;

namespace Reconciler.Testing.Git;

/// <summary>
/// Real signing keys made fresh in a directory: an OpenPGP key (gpg) and two SSH keys (ssh-keygen),
/// one trusted and one a stranger's, with the files the service is given to trust them.
/// </summary>
public sealed class TestSigners : IDisposable
{
    private readonly string _directory;
    private readonly string _gnupg;

    public TestSigners(string directory)
    {
        _directory = directory;
        Directory.CreateDirectory(directory);
        _gnupg = Path.Combine(directory, "signer-gnupg");
        Directory.CreateDirectory(_gnupg);
        Run("gpg", "--batch", "--homedir", _gnupg, "--passphrase", "", "--quick-gen-key", "Signer <signer@example.com>", "ed25519", "sign", "never");
        TrustedGpgKeys = Path.Combine(directory, "trusted.asc");
        Run("gpg", "--batch", "--homedir", _gnupg, "--armor", "--output", TrustedGpgKeys, "--export", "signer@example.com");

        TrustedSshKey = SshKey("trusted");
        StrangerSshKey = SshKey("stranger");
        AllowedSigners = Path.Combine(directory, "allowed_signers");
        File.WriteAllText(AllowedSigners, $"test@example.com {File.ReadAllText(TrustedSshKey + ".pub")}");
    }

    /// <summary>The armored public key of the gpg signer (a service's Source:TrustedKeysFile).</summary>
    public string TrustedGpgKeys { get; }

    public string TrustedSshKey { get; }

    public string StrangerSshKey { get; }

    /// <summary>Allowed signers naming only <see cref="TrustedSshKey"/> (Source:AllowedSignersFile).</summary>
    public string AllowedSigners { get; }

    /// <summary>Commits everything, signed with the trusted gpg key; returns the commit id.</summary>
    public string CommitGpg(TempRepository repository, string message)
    {
        var signer = new Dictionary<string, string> { ["GNUPGHOME"] = _gnupg };
        repository.GitWith(signer, "add", "-A");
        repository.GitWith(signer, "-c", "gpg.format=openpgp", "-c", "user.signingkey=signer@example.com", "commit", "-q", "--allow-empty", "-S", "-m", message);
        return repository.Git("rev-parse", "HEAD").Trim();
    }

    /// <summary>Commits everything, signed with an SSH key; returns the commit id.</summary>
    public static string CommitSsh(TempRepository repository, string key, string message)
    {
        repository.Git("add", "-A");
        repository.Git("-c", "gpg.format=ssh", "-c", $"user.signingkey={key}", "commit", "-q", "--allow-empty", "-S", "-m", message);
        return repository.Git("rev-parse", "HEAD").Trim();
    }

    public void Dispose()
    {
        // gpg starts an agent per keyring; stop every one made under the directory (the signer's,
        // and the service's own keyring when it lives there too).
        foreach (var home in Directory.GetDirectories(_directory, "*gnupg*", SearchOption.AllDirectories))
        {
            try
            {
                Run("gpgconf", "--homedir", home, "--kill", "gpg-agent");
            }
            catch (InvalidOperationException)
            {
            }
        }
    }

    private string SshKey(string name)
    {
        var path = Path.Combine(_directory, name);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", path);
        return path;
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error.Result}");
        }
    }
}
