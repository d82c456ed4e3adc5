using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LibGit2Sharp;

namespace Reconciler.Git;

/// <summary>
/// The credentials and trust of one fetch, as libgit2 takes them: the token as an
/// <c>Authorization</c> header (never in the URL or on disk), extra CA certificates through the
/// certificate check, and for SSH a wrapper around the <c>ssh</c> binary (libgit2 runs
/// <c>core.sshCommand</c> as one program, so the key and known_hosts options live in a script).
/// </summary>
internal sealed class FetchTransport
{
    private readonly GitCredentials _credentials;

    public FetchTransport(GitCredentials credentials) => _credentials = credentials;

    /// <summary>Secrets that must never appear in an error message.</summary>
    public List<string> Secrets { get; } = [];

    public FetchOptions Options(CancellationToken cancellationToken)
    {
        var options = new FetchOptions
        {
            TagFetchMode = TagFetchMode.None,
            Prune = false,
            OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
            OnProgress = _ => !cancellationToken.IsCancellationRequested,
        };
        if (_credentials.TokenFile is { } tokenFile)
        {
            var token = ReadSecret(tokenFile, "token");
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_credentials.TokenUser}:{token}"));
            Secrets.Add(token);
            Secrets.Add(basic);
            options.CustomHeaders = [$"Authorization: Basic {basic}"];
        }

        if (_credentials.CaFile is { } caFile)
        {
            var authorities = ReadAuthorities(caFile);
            options.CertificateCheck = (certificate, valid, host) =>
                valid || (certificate is CertificateX509 { Certificate: { } presented } && ChainsTo(presented, host, authorities));
        }

        return options;
    }

    /// <summary>
    /// Writes the SSH wrapper next to the cache and returns its path: batch mode (a prompt fails
    /// instead of hanging), no user ssh_config, only the configured key, and unknown hosts refused.
    /// </summary>
    public string WriteSshCommand(string directory)
    {
        var options = new List<string> { "-F", "/dev/null", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes" };
        if (_credentials.SshKeyFile is { } keyFile)
        {
            if (!File.Exists(keyFile))
            {
                throw new GitException($"SSH key file {keyFile} does not exist; mount the key there or fix the setting");
            }

            options.AddRange(["-o", "IdentitiesOnly=yes", "-i", Path.GetFullPath(keyFile)]);
        }

        if (_credentials.SshKnownHostsFile is { } knownHosts)
        {
            options.AddRange(["-o", $"UserKnownHostsFile={Path.GetFullPath(knownHosts)}"]);
        }

        string path;
        if (OperatingSystem.IsWindows())
        {
            path = Path.Combine(directory, "reconciler-ssh.cmd");
            File.WriteAllText(path, $"@ssh {string.Join(' ', options.Select(o => $"\"{o}\""))} %*\r\n");
        }
        else
        {
            path = Path.Combine(directory, "reconciler-ssh");
            File.WriteAllText(path, $"#!/bin/sh\nexec ssh {string.Join(' ', options.Select(ShellQuote))} \"$@\"\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return path;
    }

    private static bool ChainsTo(System.Security.Cryptography.X509Certificates.X509Certificate presented, string host, X509Certificate2Collection authorities)
    {
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf) && leaf.MatchesHostname(host);
    }

    private static X509Certificate2Collection ReadAuthorities(string caFile)
    {
        var authorities = new X509Certificate2Collection();
        try
        {
            authorities.ImportFromPemFile(caFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new GitException($"the git CA file {caFile} cannot be read as PEM certificates ({e.Message}); mount the CA's certificate there (-----BEGIN CERTIFICATE-----)", e);
        }

        return authorities.Count > 0
            ? authorities
            : throw new GitException($"the git CA file {caFile} holds no certificate; write the CA's PEM certificate into it");
    }

    private static string ReadSecret(string path, string what)
    {
        try
        {
            var value = File.ReadAllText(path).Trim();
            return value.Length > 0 ? value : throw new GitException($"the git {what} file {path} is empty; write the {what} into it");
        }
        catch (IOException e)
        {
            throw new GitException($"the git {what} file {path} cannot be read ({e.Message}); mount it there or fix the setting", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new GitException($"the git {what} file {path} cannot be read (permission denied); let the service's user read it", e);
        }
    }

    private static string ShellQuote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
