using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Microsoft.Extensions.Logging;
using Reconciler.Checks;
using Reconciler.HyperV.Settings;
using Reconciler.HyperV.WsMan;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// The connection checks of one host, in order, each only when the one before passed: the name
/// resolves, the port is open, WS-Man Identify answers, the account authenticates, and it may use
/// the three WMI namespaces. The I/O lives here; what outcomes mean is <see cref="HostVerdicts"/>'.
/// </summary>
public sealed class HostPreflight(HyperVSettings settings, NetworkCredential credential, RemoteCertificateValidationCallback? validation,
    TimeProvider time, ILogger logger, HyperVMetrics metrics, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    /// <summary>How long a TCP connect or a plain-HTTP probe may take: a filtered port never answers.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? Dns.GetHostAddressesAsync;

    public async Task<HostCheckResults> RunAsync(HyperVHost host, CancellationToken cancellationToken)
    {
        var endpoint = HyperVTarget.Endpoint(settings, host);
        var results = new List<CheckResult>();
        HostCheckResults Done() => new(host.Name, endpoint.ToString(), Skipped(results));

        results.Add(await NameAsync(host, cancellationToken).ConfigureAwait(false));
        if (results[^1].Status == CheckStatus.Fail)
        {
            return Done();
        }

        results.Add(await PortAsync(host, cancellationToken).ConfigureAwait(false));
        if (results[^1].Status == CheckStatus.Fail)
        {
            return Done();
        }

        using (var anonymous = HyperVTarget.Http(endpoint, settings, null, validation))
        {
            try
            {
                results.Add(HostVerdicts.Identify(await WsManIdentify.SendAsync(anonymous, endpoint, anonymous: true, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is HttpRequestException or WsManException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var plainHttp = ex is HttpRequestException { InnerException: AuthenticationException } && await SpeaksPlainHttpAsync(host, cancellationToken).ConfigureAwait(false);
                var tls = ex is HttpRequestException && settings.Transport == HyperVTransport.Http && await SpeaksTlsAsync(host, cancellationToken).ConfigureAwait(false);
                results.Add(HostVerdicts.IdentifyFailed(host, ex, plainHttp, tls));
                if (results[^1].Status == CheckStatus.Fail)
                {
                    return Done();
                }
            }
        }

        using var http = HyperVTarget.Http(endpoint, settings, credential, validation, out var negotiate);
        try
        {
            var reply = await WsManIdentify.SendAsync(http, endpoint, anonymous: false, cancellationToken).ConfigureAwait(false);
            results.Add(HostVerdicts.Auth(settings, credential.UserName, reply, negotiate?.Package));
        }
        catch (Exception ex) when (ex is HttpRequestException or WsManException or WsManAuthException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            results.Add(HostVerdicts.AuthFailed(settings, credential.UserName, ex));
            return Done();
        }

        var client = new WsManClient(http, endpoint, settings.OperationTimeout, logger, metrics);
        foreach (var check in NamespaceCheck.All)
        {
            try
            {
                var items = await client.EnumerateAsync(check.Namespace, check.ClassName, check.Query, cancellationToken).ConfigureAwait(false);
                results.Add(check.Passed(items.Count));
            }
            catch (WsManException ex)
            {
                results.Add(check.Failed(ex));
            }
        }

        return Done();
    }

    /// <summary>The checks that did not run after a failure, as skipped, so every host lists the same checks.</summary>
    private static List<CheckResult> Skipped(List<CheckResult> results)
    {
        var failed = results.LastOrDefault(r => r.Status == CheckStatus.Fail);
        var all = new (string Id, string Title)[]
        {
            (HostVerdicts.NameId, "name resolves"), (HostVerdicts.PortId, "TCP port open"), (HostVerdicts.IdentifyId, "WS-Man Identify answers"), (HostVerdicts.AuthId, "authentication"),
        }.Concat(NamespaceCheck.All.Select(n => (n.Id, n.Title)));
        foreach (var (id, title) in all.Where(a => results.All(r => r.Id != a.Id)))
        {
            results.Add(CheckResult.Skip(id, title, $"not run: {failed?.Title ?? "an earlier check"} failed"));
        }

        return results;
    }

    private async Task<CheckResult> NameAsync(HyperVHost host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Address, out _))
        {
            return HostVerdicts.Name(host, [], null, settings.Auth == HyperVAuth.Negotiate);
        }

        try
        {
            var addresses = await _resolve(host.Address, cancellationToken).ConfigureAwait(false);
            return HostVerdicts.Name(host, addresses, null, settings.Auth == HyperVAuth.Negotiate);
        }
        catch (SocketException ex)
        {
            return HostVerdicts.Name(host, [], ex.Message, settings.Auth == HyperVAuth.Negotiate);
        }
    }

    private async Task<CheckResult> PortAsync(HyperVHost host, CancellationToken cancellationToken)
    {
        var (open, error) = await ConnectAsync(host.Address, host.Port, cancellationToken).ConfigureAwait(false);
        int? other = null;
        if (!open && host.Port is HostVerdicts.HttpPort or HostVerdicts.HttpsPort)
        {
            var alternative = host.Port == HostVerdicts.HttpsPort ? HostVerdicts.HttpPort : HostVerdicts.HttpsPort;
            other = (await ConnectAsync(host.Address, alternative, cancellationToken).ConfigureAwait(false)).Open ? alternative : null;
        }

        return HostVerdicts.Port(host, open, error, other);
    }

    private async Task<(bool Open, string? Error)> ConnectAsync(string address, int port, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var socket = new TcpClient();
        try
        {
            await socket.ConnectAsync(address, port, linked.Token).ConfigureAwait(false);
            return (true, null);
        }
        catch (SocketException ex)
        {
            return (false, ex.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, $"no answer within {ProbeTimeout.TotalSeconds:0} s (filtered by a firewall?)");
        }
    }

    /// <summary>Whether the port completes a TLS handshake (any certificate): an HTTPS listener where plain HTTP was expected.</summary>
    private async Task<bool> SpeaksTlsAsync(HyperVHost host, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(host.Address, host.Port, linked.Token).ConfigureAwait(false);
            using var ssl = new SslStream(socket.GetStream());
#pragma warning disable CA5359 // only asks whether TLS answers at all; nothing is sent over it
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host.Address, RemoteCertificateValidationCallback = (_, _, _, _) => true }, linked.Token).ConfigureAwait(false);
#pragma warning restore CA5359
            return true;
        }
        catch (Exception ex) when (ex is SocketException or IOException or AuthenticationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Whether the port answers a plain HTTP request: an HTTP listener where TLS was expected.</summary>
    private async Task<bool> SpeaksPlainHttpAsync(HyperVHost host, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ProbeTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var socket = new TcpClient();
            await socket.ConnectAsync(host.Address, host.Port, linked.Token).ConfigureAwait(false);
            var stream = socket.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /wsman HTTP/1.1\r\nHost: {host.Address}\r\nConnection: close\r\n\r\n"), linked.Token).ConfigureAwait(false);
            var buffer = new byte[5];
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, linked.Token).ConfigureAwait(false);
            return read == 5 && Encoding.ASCII.GetString(buffer) == "HTTP/";
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
