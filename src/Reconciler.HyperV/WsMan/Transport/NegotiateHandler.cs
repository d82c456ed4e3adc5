using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using Reconciler.HyperV.Settings;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// Authenticates to WinRM with Kerberos or NTLM (.NET's NegotiateAuthentication over GSSAPI or its
/// managed NTLM) and, when asked to encrypt (HTTP), seals every request body and opens every
/// response body with the security context (<see cref="EncryptedBody"/>), so the handlers and the
/// client above it see plain SOAP both ways.
/// WinRM binds the context to the TCP connection: requests go one at a time over the one
/// connection the inner handler keeps, the handshake is an empty POST as pywinrm and pypsrp send
/// it, and a 401 on a message (the connection was replaced) starts one new handshake.
/// </summary>
public sealed class NegotiateHandler : DelegatingHandler
{
    private readonly NetworkCredential _credential;
    private readonly HyperVAuth _auth;
    private readonly bool _encrypt;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NegotiateAuthentication? _context;

    public NegotiateHandler(NetworkCredential credential, string target, HyperVAuth auth, bool encrypt, HttpMessageHandler inner)
        : base(inner)
    {
        _credential = credential;
        Target = target;
        _auth = auth == HyperVAuth.Basic ? throw new ArgumentException("Basic is not a Negotiate package", nameof(auth)) : auth;
        _encrypt = encrypt;
    }

    /// <summary>The service principal name asked for: <c>HTTP/&lt;address&gt;</c>.</summary>
    public string Target { get; }

    /// <summary>The package the current context settled on (Kerberos or NTLM); null before the first handshake.</summary>
    public string? Package => _context?.Package;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var text = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var contentType = request.Content?.Headers.ContentType?.ToString() ?? EncryptedBody.SoapContentType;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                _context ??= await NegotiateHandshake.RunAsync(this, request.RequestUri!, cancellationToken).ConfigureAwait(false);
                using var message = Message(request, text, contentType, _context);
                var response = await base.SendAsync(message, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.Unauthorized && attempt == 0)
                {
                    // The host no longer knows the context (a new connection): authenticate again, once.
                    await Drain(response, cancellationToken).ConfigureAwait(false);
                    Reset();
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    await Drain(response, cancellationToken).ConfigureAwait(false);
                    throw new WsManAuthException($"the host at {request.RequestUri} refused a message after a fresh {_context.Package} handshake (HTTP 401)", _context.Package, Target, httpStatus: 401);
                }

                return _encrypt ? await OpenAsync(response, _context, cancellationToken).ConfigureAwait(false) : response;
            }
        }
        catch (WsManAuthException ex) when (ex.IsTransient)
        {
            Reset(); // the next call starts a new context
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Reset();
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    internal Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) => base.SendAsync(request, cancellationToken);

    /// <summary>The packages to try in order: negotiate falls back to NTLM when no Kerberos credential can be had.</summary>
    internal IEnumerable<string> Packages() => _auth switch
    {
        HyperVAuth.Kerberos => ["Kerberos"],
        HyperVAuth.Ntlm => ["NTLM"],
        _ => ["Negotiate", "NTLM"],
    };

    internal NegotiateAuthentication NewContext(string package) => new(new NegotiateAuthenticationClientOptions
    {
        Package = package,
        Credential = _credential,
        TargetName = Target,
        RequiredProtectionLevel = _encrypt ? ProtectionLevel.EncryptAndSign : ProtectionLevel.None,
    });

    internal static async Task Drain(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Read to the end so the connection, which holds the context, stays open for the next request.
        await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        response.Dispose();
    }

    private HttpRequestMessage Message(HttpRequestMessage original, byte[] text, string contentType, NegotiateAuthentication context)
    {
        var content = new ByteArrayContent(_encrypt ? EncryptedBody.Seal(context, text, Target, contentType) : text);
        content.Headers.ContentType = _encrypt ? EncryptedBody.ContentType() : MediaTypeHeaderValue.Parse(contentType);
        var message = new HttpRequestMessage(original.Method, original.RequestUri) { Content = content, Version = original.Version };
        foreach (var header in original.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return message;
    }

    private async Task<HttpResponseMessage> OpenAsync(HttpResponseMessage response, NegotiateAuthentication context, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var type = response.Content.Headers.ContentType?.ToString();
        if (!EncryptedBody.IsEncrypted(type))
        {
            // A host with AllowUnencrypted=false never sends a readable SOAP answer; a readable
            // error page without SOAP (a proxy, a 5xx) passes for the client to report.
            if (body.Length > 0 && type is not null && type.StartsWith("application/soap+xml", StringComparison.OrdinalIgnoreCase))
            {
                response.Dispose();
                throw new WsManAuthException($"the host answered HTTP {(int)response.StatusCode} with an unencrypted SOAP body where an encrypted one was due", context.Package, Target, NegotiateAuthenticationStatusCode.SecurityQosFailed, (int)response.StatusCode);
            }

            return response;
        }

        var text = EncryptedBody.Open(context, body, Target);
        var plain = new ByteArrayContent(text);
        plain.Headers.ContentType = MediaTypeHeaderValue.Parse(EncryptedBody.SoapContentType);
        var encrypted = response.Content;
        response.Content = plain;
        encrypted.Dispose();
        return response;
    }

    private void Reset()
    {
        _context?.Dispose();
        _context = null;
    }
}
