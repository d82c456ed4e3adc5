using System.Collections.Concurrent;
using System.Net.Security;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Fake.Auth;

/// <summary>
/// The fake host's auth layer. Basic: the header must carry the fake's user and password. Negotiate:
/// RFC 4559 over the connection (the context lives with the TCP connection, as WinRM keeps it),
/// accepted by .NET's NegotiateAuthentication server side, i.e. MIT GSSAPI with the keytab in
/// KRB5_KTNAME for Kerberos and gss-ntlmssp with NTLM_USER_FILE for NTLM (raw NTLMSSP tokens under
/// "Negotiate", as pywinrm's requests-ntlm sends them, go through MIT's SPNEGO acceptor too).
/// Then every body must be encrypted: WinRM with AllowUnencrypted=false answers a readable body
/// over HTTP with HTTP 500 and logs "unencrypted message" (diyan/pywinrm#129 and #208,
/// cloudsoft/winrm4j#151).
/// </summary>
public sealed class FakeAuthenticator(FakeOptions options)
{
    private const string SessionKey = "reconciler.negotiate";

    /// <summary>The package of each completed handshake, in order (Kerberos or NTLM).</summary>
    public ConcurrentQueue<string> Packages { get; } = new();

    public string Challenge => options.Auth == FakeAuth.Basic ? "Basic realm=\"WSMAN\"" : "Negotiate";

    public async Task<FakeAccepted> AcceptAsync(HttpContext context)
    {
        var body = await ReadAsync(context.Request.Body).ConfigureAwait(false);
        var contentType = context.Request.ContentType ?? "";
        if (options.Auth == FakeAuth.Basic)
        {
            var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}"));
            return context.Request.Headers.Authorization.ToString() == expected
                ? new FakeAccepted(null, body, contentType, null)
                : Refused();
        }

        var items = context.Features.Get<IConnectionItemsFeature>()!.Items;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Negotiate ", StringComparison.OrdinalIgnoreCase) || header.StartsWith("Kerberos ", StringComparison.OrdinalIgnoreCase))
        {
            var step = Step(items, header[(header.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            if (step is not null || body.Length == 0)
            {
                return step ?? new FakeAccepted(new FakeReply(200, null), [], contentType, null, (string?)items["reconciler.last-token"]);
            }
        }

        if (items.TryGetValue(SessionKey, out var held) is false || held is not NegotiateAuthentication { IsAuthenticated: true } session)
        {
            return Refused();
        }

        if (!EncryptedBody.IsEncrypted(contentType))
        {
            // Over HTTPS, TLS protects the body; over HTTP a readable one is refused.
            return options.Listen.Https
                ? new FakeAccepted(null, body, contentType, null)
                : new FakeAccepted(new FakeReply(500, null), [], contentType, null);
        }

        try
        {
            var text = EncryptedBody.Open(session, body, "the fake's client");
            return new FakeAccepted(null, text, OriginalType(body), session);
        }
        catch (WsManAuthException)
        {
            return new FakeAccepted(new FakeReply(400, null), [], contentType, null);
        }
    }

    /// <summary>One handshake leg; null when it completed and a body rides on the same request.</summary>
    private FakeAccepted? Step(IDictionary<object, object?> items, string tokenText)
    {
        byte[] token;
        try
        {
            token = Convert.FromBase64String(tokenText);
        }
        catch (FormatException)
        {
            return Refused();
        }

        // A new handshake on the connection replaces an established context.
        if (items.TryGetValue(SessionKey, out var held) is false || held is not NegotiateAuthentication { IsAuthenticated: false } context)
        {
            (held as IDisposable)?.Dispose();
            context = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions { Package = "Negotiate" });
            items[SessionKey] = context;
        }

        var reply = context.GetOutgoingBlob(token, out var status);
        var replyText = reply is { Length: > 0 } ? Convert.ToBase64String(reply) : null;
        items["reconciler.last-token"] = replyText;
        switch (status)
        {
            case NegotiateAuthenticationStatusCode.ContinueNeeded:
                return new FakeAccepted(new FakeReply(401, null), [], "", null, replyText);
            case NegotiateAuthenticationStatusCode.Completed:
                Packages.Enqueue(context.Package);
                return null;
            default:
                items.Remove(SessionKey);
                context.Dispose();
                return Refused();
        }
    }

    private static FakeAccepted Refused() => new(new FakeReply(401, null), [], "", null);

    private static string OriginalType(byte[] body)
    {
        var text = Encoding.ASCII.GetString(body, 0, Math.Min(body.Length, 512));
        var at = text.IndexOf("type=", StringComparison.Ordinal);
        var end = at < 0 ? -1 : text.IndexOf(";Length=", at, StringComparison.Ordinal);
        return at < 0 || end < 0 ? "application/soap+xml;charset=UTF-8" : text[(at + 5)..end];
    }

    private static async Task<byte[]> ReadAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
