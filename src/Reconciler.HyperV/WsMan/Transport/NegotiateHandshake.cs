using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// The HTTP Negotiate handshake (RFC 4559) WinRM expects before encrypted messages: empty POSTs
/// carrying <c>Authorization: Negotiate &lt;token&gt;</c>, answered by 401 with the next token until
/// the host answers 200 (with its last token for mutual authentication). pywinrm's
/// transport.setup_encryption and pypsrp send the same empty message.
/// </summary>
internal static class NegotiateHandshake
{
    private const string Scheme = "Negotiate";
    private const int MaxLegs = 8;

    public static async Task<NegotiateAuthentication> RunAsync(NegotiateHandler handler, Uri endpoint, CancellationToken cancellationToken)
    {
        WsManAuthException? earlier = null;
        foreach (var package in handler.Packages())
        {
            NegotiateAuthentication context;
            byte[]? token;
            NegotiateAuthenticationStatusCode status;
            string? detail;
            using (var capture = GssapiMessages.Capture())
            {
                // Credentials are acquired (a ticket got with the password or keytab) right here.
                context = handler.NewContext(package);
                token = context.GetOutgoingBlob(ReadOnlySpan<byte>.Empty, out status);
                detail = capture.Text;
            }

            try
            {
                await ExchangeAsync(handler, context, endpoint, token, status, detail, cancellationToken).ConfigureAwait(false);
                return context;
            }
            catch (WsManAuthException ex) when (package == "Negotiate" && ex.HttpStatus is null)
            {
                // No Kerberos credential here (no ticket, no such principal, an IP address as the
                // target): Negotiate goes on with NTLM, and a later failure keeps this one inside.
                context.Dispose();
                earlier = ex;
            }
            catch
            {
                context.Dispose();
                throw;
            }
        }

        throw earlier ?? new WsManAuthException("no authentication package left to try", "Negotiate", handler.Target);
    }

    private static async Task ExchangeAsync(NegotiateHandler handler, NegotiateAuthentication context, Uri endpoint, byte[]? token, NegotiateAuthenticationStatusCode status, string? detail, CancellationToken cancellationToken)
    {
        for (var leg = 0; leg < MaxLegs; leg++)
        {
            if (status is not (NegotiateAuthenticationStatusCode.ContinueNeeded or NegotiateAuthenticationStatusCode.Completed))
            {
                throw new WsManAuthException(
                    $"{context.Package} found no way to authenticate {handler.Target} as this user ({status}{(detail is null ? "" : ": " + detail)}): {Hint(status)}",
                    context.Package, handler.Target, status) { Detail = detail };
            }

            if (token is null || token.Length == 0)
            {
                if (status == NegotiateAuthenticationStatusCode.Completed)
                {
                    return;
                }

                throw new WsManAuthException($"{context.Package} produced no token for {handler.Target}", context.Package, handler.Target, status);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent([]) };
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(EncryptedBody.SoapContentType);
            request.Headers.Authorization = new AuthenticationHeaderValue(Scheme, Convert.ToBase64String(token));
            var response = await handler.SendInnerAsync(request, cancellationToken).ConfigureAwait(false);
            var incoming = Challenge(response);
            var code = (int)response.StatusCode;
            await NegotiateHandler.Drain(response, cancellationToken).ConfigureAwait(false);
            if (code == (int)HttpStatusCode.Unauthorized && incoming is null)
            {
                throw new WsManAuthException(
                    $"the host at {endpoint} refused {context.Package} authentication as this user (HTTP 401): check the user name and password files, that the account may use WinRM, and for Kerberos that the host's SPN is HTTP/{endpoint.Host}",
                    context.Package, handler.Target, httpStatus: code);
            }

            if (code != (int)HttpStatusCode.Unauthorized && code != (int)HttpStatusCode.OK)
            {
                throw new WsManAuthException($"the host at {endpoint} answered the {context.Package} handshake with HTTP {code}", context.Package, handler.Target, httpStatus: code, isTransient: code >= 500);
            }

            if (incoming is null)
            {
                // 200 without a token: the host is done; the client must be too (no mutual step left).
                if (context.IsAuthenticated)
                {
                    return;
                }

                throw new WsManAuthException($"the host at {endpoint} accepted {context.Package} before the client could verify it (no mutual authentication token)", context.Package, handler.Target, httpStatus: code);
            }

            using (var capture = GssapiMessages.Capture())
            {
                token = context.GetOutgoingBlob(incoming, out status);
                detail = capture.Text;
            }

            if (code == (int)HttpStatusCode.OK)
            {
                if (status == NegotiateAuthenticationStatusCode.Completed)
                {
                    return;
                }

                throw new WsManAuthException($"the host at {endpoint} could not be verified by {context.Package} ({status}{(detail is null ? "" : ": " + detail)}): {Hint(status)}", context.Package, handler.Target, status, code) { Detail = detail };
            }
        }

        throw new WsManAuthException($"the {context.Package} handshake with {endpoint} did not finish in {MaxLegs} legs", context.Package, handler.Target, status);
    }

    private static byte[]? Challenge(HttpResponseMessage response)
    {
        foreach (var value in response.Headers.WwwAuthenticate)
        {
            if (string.Equals(value.Scheme, Scheme, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(value.Parameter))
            {
                try
                {
                    return Convert.FromBase64String(value.Parameter);
                }
                catch (FormatException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>What an admin checks for a local failure; GSSAPI's own text stays inside .NET.</summary>
    private static string Hint(NegotiateAuthenticationStatusCode status) => status switch
    {
        NegotiateAuthenticationStatusCode.UnknownCredentials or NegotiateAuthenticationStatusCode.CredentialsExpired =>
            "no usable credential: check the user (user@REALM for Kerberos), the password or keytab file, that the KDC of krb5.conf is reachable and that the clocks agree within 5 minutes",
        NegotiateAuthenticationStatusCode.TargetUnknown =>
            "the KDC knows no service principal for this address: use the host's FQDN registered as HTTP/<fqdn> (setspn -L <host>), not an IP address or a short name",
        NegotiateAuthenticationStatusCode.ContextExpired => "the ticket expired: it is renewed on the next call",
        NegotiateAuthenticationStatusCode.Unsupported => "the package is not available here (no GSSAPI Kerberos library, or no NTLM)",
        _ => "check krb5.conf (default_realm, the realm's kdc), that the clocks agree within 5 minutes, and the host's SPN HTTP/<fqdn>",
    };
}
