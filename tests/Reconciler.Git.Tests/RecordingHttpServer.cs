using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Reconciler.Git.Tests;

/// <summary>
/// A loopback HTTP(S) listener that records each request's header block and answers 404 (or, in
/// hang mode, accepts and never answers). Enough to see what a git client sends before the smart
/// protocol starts: GET /info/refs?service=git-upload-pack with its headers (gitprotocol-http(5)).
/// </summary>
public sealed class RecordingHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly X509Certificate2? _certificate;
    private readonly bool _hang;
    private readonly List<TcpClient> _held = [];

    public RecordingHttpServer(X509Certificate2? certificate = null, bool hang = false)
    {
        _certificate = certificate;
        _hang = hang;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/org/specs.git";

    /// <summary>The header blocks received, in order.</summary>
    public List<string> Requests { get; } = [];

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _held)
        {
            client.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (_hang)
            {
                _held.Add(client);
                continue;
            }

            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    stream = tls;
                }

                var header = new StringBuilder();
                var buffer = new byte[1];
                while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
                {
                    header.Append((char)buffer[0]);
                }

                if (header.Length == 0)
                {
                    return; // the client hung up after the handshake: it did not trust the certificate
                }

                lock (Requests)
                {
                    Requests.Add(header.ToString());
                }

                await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                await stream.FlushAsync();
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
            {
                // The client refused the certificate: nothing was requested.
            }
        }
    }
}
