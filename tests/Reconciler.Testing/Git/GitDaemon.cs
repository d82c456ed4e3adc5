using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reconciler.Testing.Git;

/// <summary>
/// <c>git daemon</c> serving one repository over git:// on a free loopback port: a real remote
/// for fetches (git-daemon(1)).
/// </summary>
public sealed class GitDaemon : IDisposable
{
    private readonly Process _process;

    public GitDaemon(string repository)
    {
        var full = Path.GetFullPath(repository);
        Port = FreePort();
        var start = new ProcessStartInfo("git") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
        {
            "daemon", "--reuseaddr", "--listen=127.0.0.1", $"--port={Port}", "--export-all", "--informative-errors",
            $"--base-path={Path.GetDirectoryName(full)}", full,
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        Url = $"git://127.0.0.1:{Port}/{Path.GetFileName(full)}";
        WaitUntilListening();
    }

    public int Port { get; }

    /// <summary>The repository's git:// URL.</summary>
    public string Url { get; }

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

    /// <summary>A port nobody listens on right now (bound to 0 and released; the daemon takes it at once).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"git daemon exited at once (exit {_process.ExitCode})");
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

        throw new InvalidOperationException("git daemon did not start listening within 20 s");
    }
}
