using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Reconciler.Testing.Git;

namespace Reconciler.Git.Tests;

/// <summary>
/// A real OpenSSH server (sshd(8), package openssh-server) on a free loopback port, letting in
/// the current user with one client key, so a fetch over ssh:// runs as against a forge. Its host
/// key is written to a known_hosts file; nothing outside <see cref="Directory"/> is touched
/// except sshd's privilege-separation directory, which sshd needs when run as root.
/// </summary>
public sealed class SshServer : IDisposable
{
    private readonly Process _process;

    public SshServer(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        var hostKey = Path.Combine(directory, "host_key");
        ClientKey = Path.Combine(directory, "client_key");
        Keygen(hostKey);
        Keygen(ClientKey);
        var authorized = Path.Combine(directory, "authorized_keys");
        File.WriteAllText(authorized, File.ReadAllText(ClientKey + ".pub"));
        Port = GitDaemon.FreePort();
        KnownHosts = Path.Combine(directory, "known_hosts");
        File.WriteAllText(KnownHosts, $"[127.0.0.1]:{Port} {File.ReadAllText(hostKey + ".pub")}");
        var config = Path.Combine(directory, "sshd_config");
        File.WriteAllText(config, string.Join('\n',
            $"Port {Port}",
            "ListenAddress 127.0.0.1",
            $"HostKey {hostKey}",
            $"AuthorizedKeysFile {authorized}",
            $"PidFile {Path.Combine(directory, "sshd.pid")}",
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "UsePAM no",
            "StrictModes no",
            "") + "\n");
        if (Environment.UserName == "root" && !System.IO.Directory.Exists("/run/sshd"))
        {
            System.IO.Directory.CreateDirectory("/run/sshd");
        }

        var start = new ProcessStartInfo("/usr/sbin/sshd") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-D", "-e", "-f", config })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, e) => Log.Add(e.Data ?? "");
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilListening();
    }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>The client's private key (the public half is authorized).</summary>
    public string ClientKey { get; }

    /// <summary>known_hosts naming this server's host key at [127.0.0.1]:port.</summary>
    public string KnownHosts { get; }

    /// <summary>What sshd logged (-e), for failure messages.</summary>
    public List<string> Log { get; } = [];

    /// <summary>An ssh:// URL of a repository on this machine.</summary>
    public string Url(string repository) => $"ssh://{Environment.UserName}@127.0.0.1:{Port}{Path.GetFullPath(repository)}";

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private static void Keygen(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path]) { RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-keygen failed: {process.StandardError.ReadToEnd()}");
        }
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"sshd exited at once (exit {_process.ExitCode}): {string.Join(" / ", Log)}");
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException("sshd did not start listening within 20 s");
    }
}
