using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Reconciler.HyperV.Fake.Auth;
using Reconciler.HyperV.WsMan.Transport;
using Reconciler.Simulation.State;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>One request as the fake received it, for envelope tests.</summary>
public sealed record FakeRequest(string Host, string ContentType, XDocument Envelope)
{
    public string Action => Envelope.Root?.Element(Soap + "Header")?.Element(Addressing + "Action")?.Value ?? "";

    public XElement? Body => Envelope.Root?.Element(Soap + "Body")?.Elements().FirstOrDefault();
}

/// <summary>
/// A fake WinRM service: Kestrel, one port per simulated host (<see cref="FakeOptions.Listen"/>),
/// with Basic auth or with Negotiate and, over HTTP, message encryption (<see cref="FakeAuthenticator"/>), holding the hosts' state in a simulator state directory so the simulator's
/// rules decide every change. It answers in the shapes real hosts use and refuses malformed
/// requests with the faults WinRM sends.
/// </summary>
public sealed class FakeWinRmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StateStore _store;
    private readonly Dictionary<int, string> _hostByPort = [];
    private readonly FakeDispatcher _dispatcher;

    private FakeWinRmServer(WebApplication app, StateStore store, X509Certificate2 certificate, FakeOptions options)
    {
        _app = app;
        _store = store;
        Certificate = certificate;
        Options = options;
        _dispatcher = new FakeDispatcher(store, options, new FakeJobs(options));
        Authenticator = new FakeAuthenticator(options);
    }

    /// <summary>The auth layer; its <see cref="FakeAuthenticator.Packages"/> tell which package each handshake used.</summary>
    public FakeAuthenticator Authenticator { get; }

    public FakeOptions Options { get; }

    public X509Certificate2 Certificate { get; }

    public ConcurrentQueue<FakeRequest> Requests { get; } = new();

    public IReadOnlyDictionary<string, int> Ports => _hostByPort.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>Serves every host of the simulated cluster in <paramref name="stateDirectory"/>.</summary>
    public static async Task<FakeWinRmServer> StartAsync(string stateDirectory, FakeOptions? options = null)
    {
        var store = new StateStore(stateDirectory);
        var hosts = store.Load().Hosts.Select(h => h.Name).ToList();
        options ??= new FakeOptions();
        var certificate = SharedCertificate.Value;
        var tls = options.Tls;
        if (options.Auth == FakeAuth.Negotiate)
        {
            NegotiateEnvironment(options);
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                kestrel.Listen(options.Listen.Address, options.Listen.PortOf(i), listen =>
                {
                    if (options.Listen.Https)
                    {
                        listen.UseHttps(Https(certificate, tls));
                    }
                });
            }
        });
        var app = builder.Build();
        var server = new FakeWinRmServer(app, store, tls?.Certificate ?? certificate, options);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var ports = app.Services.GetService(typeof(IServer)) is IServer s && s.Features.Get<IServerAddressesFeature>() is { } addresses
            ? addresses.Addresses.Select(a => new Uri(a).Port).ToList()
            : [];
        for (var i = 0; i < hosts.Count; i++)
        {
            server._hostByPort[ports[i]] = hosts[i];
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Writes a connection settings file for this server (with its CA and the secret files) and returns its path.</summary>
    /// <param name="auth">The settings' auth; null: basic for the Basic fake, negotiate for the Negotiate one.</param>
    public string WriteSettings(string directory, string clusterName, string extraSpec = "", string? auth = null) =>
        FakeSettingsFile.Write(Path.Combine(directory, "hyperv.yaml"), clusterName, Ports.Select(p => (p.Key, Options.HostName, p.Value)),
            Options, Options.Listen.Https ? Options.Tls?.Root ?? Certificate : null, auth ?? (Options.Auth == FakeAuth.Negotiate ? "negotiate" : "basic"), TestTimeouts + extraSpec);

    /// <summary>Tests poll jobs and shutdowns without pause: the fake answers at once.</summary>
    private const string TestTimeouts = """
          timeouts:
            operation: 30s
            jobPoll: 1ms
            shutdownPoll: 1ms

        """;

    private async Task HandleAsync(HttpContext context)
    {
        var host = _hostByPort.GetValueOrDefault(context.Connection.LocalPort, "?");
        if (context.Request.Path != "/wsman" || context.Request.Method != "POST")
        {
            await WriteAsync(context, new FakeReply(404, null), null).ConfigureAwait(false);
            return;
        }

        // Identify without credentials (Test-WSMan's probe) is answered before authentication, as WinRM does.
        if (string.Equals(context.Request.Headers[FakeIdentify.AnonymousHeader], "unauthenticated", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, await AnonymousIdentifyAsync(context.Request).ConfigureAwait(false), null).ConfigureAwait(false);
            return;
        }

        var accepted = await Authenticator.AcceptAsync(context).ConfigureAwait(false);
        if (accepted.EarlyToken is { } token)
        {
            context.Response.Headers.WWWAuthenticate = $"Negotiate {token}";
        }

        if (accepted.Early is { } early)
        {
            await WriteAsync(context, early, null).ConfigureAwait(false);
            return;
        }

        var reply = await ReplyAsync(accepted.ContentType, Encoding.UTF8.GetString(accepted.Body), host).ConfigureAwait(false);
        if (reply.Status == LostReply)
        {
            // The work is done; the client never hears of it.
            context.Abort();
            return;
        }

        await WriteAsync(context, reply, accepted.Session).ConfigureAwait(false);
    }

    /// <summary>Writes a reply, sealed with the request's Negotiate session when it came encrypted.</summary>
    private async Task WriteAsync(HttpContext context, FakeReply reply, System.Net.Security.NegotiateAuthentication? session)
    {
        context.Response.StatusCode = reply.Status;
        if (reply.Status == 401)
        {
            if (context.Response.Headers.WWWAuthenticate.Count == 0)
            {
                context.Response.Headers.WWWAuthenticate = Authenticator.Challenge;
            }

            return;
        }

        var (type, text) = reply.Envelope is not null
            ? (ContentType, reply.Envelope.ToString(SaveOptions.DisableFormatting))
            : reply.RawBody is not null ? ("text/html", reply.RawBody) : (null, null);
        if (text is null)
        {
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        if (session is not null)
        {
            bytes = EncryptedBody.Seal(session, bytes, "the fake's client", type!);
            context.Response.Headers.ContentType = EncryptedBody.ContentType().ToString();
        }
        else
        {
            context.Response.ContentType = type;
        }

        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private async Task<FakeReply> ReplyAsync(string contentType, string text, string host)
    {
        // WinRM takes SOAP 1.2 only; anything else never reaches the SOAP layer.
        if (!contentType.StartsWith("application/soap+xml", StringComparison.OrdinalIgnoreCase))
        {
            return new FakeReply(415, null);
        }

        XDocument envelope;
        try
        {
            envelope = XDocument.Parse(text);
        }
        catch (XmlException ex)
        {
            return FakeSoap.Fault(null, "s:Sender", "w:SchemaValidationError", Reconciler.HyperV.WsMan.FaultCodes.SchemaValidation, $"The SOAP XML in the message does not match the corresponding XML schema definition: {ex.Message}", host, 400);
        }

        Requests.Enqueue(new FakeRequest(host, contentType, envelope));
        if (Options.Failures.TryDequeue(out var failure))
        {
            return Inject(failure, envelope, host);
        }

        if (FakeIdentify.IsIdentify(envelope))
        {
            return FakeIdentify.Reply(authenticated: true, [FakeIdentify.Profile(Options.Listen.Https, Options.Auth == FakeAuth.Negotiate ? "spnego-kerberos" : "basic")]);
        }

        if (FakeAccess.Check(Options, host, envelope) is { } denied)
        {
            return denied;
        }

        var answer = await _dispatcher.DispatchAsync(host, envelope).ConfigureAwait(false);
        var action = new FakeRequest(host, contentType, envelope).Action;
        if (Options.LoseReplyTo.TryPeek(out var lose) && action.EndsWith("/" + lose, StringComparison.Ordinal) && Options.LoseReplyTo.TryDequeue(out _))
        {
            return new FakeReply(LostReply, null);
        }

        return answer;
    }

    private static async Task<FakeReply> AnonymousIdentifyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        try
        {
            var envelope = XDocument.Parse(await reader.ReadToEndAsync().ConfigureAwait(false));
            return FakeIdentify.IsIdentify(envelope) ? FakeIdentify.Reply(authenticated: false, []) : new FakeReply(401, null);
        }
        catch (XmlException)
        {
            return new FakeReply(401, null);
        }
    }

    /// <summary>
    /// Points the acceptor at the host keytab (KRB5_KTNAME) and gss-ntlmssp at a user file holding
    /// the fake's user and password (NTLM_USER_FILE, "DOMAIN:user:password"); both are read from
    /// the native environment, once per process.
    /// </summary>
    public static void NegotiateEnvironment(FakeOptions options)
    {
        if (options.KeytabFile is { } keytab && !KerberosEnvironment.TryUse("KRB5_KTNAME", keytab, out var current))
        {
            throw new InvalidOperationException($"this process already serves the keytab {current}; GSSAPI takes one KRB5_KTNAME per process");
        }

        var users = Path.Combine(Path.GetTempPath(), $"reconciler-fake-ntlm-{Environment.ProcessId}");
        File.WriteAllText(users, $"FAKE:{options.Username}:{options.Password}\n");
        KerberosEnvironment.Default("NTLM_USER_FILE", users);
    }

    /// <summary>A status no HTTP reply has: drop the connection instead of answering.</summary>
    private const int LostReply = -1;

    private static FakeReply Inject(FakeFailure failure, XDocument envelope, string host)
    {
        var relatesTo = envelope.Root?.Element(Soap + "Header")?.Element(Addressing + "MessageID")?.Value;
        return failure switch
        {
            FakeFailure.TimedOut => FakeSoap.Fault(relatesTo, "s:Receiver", "w:TimedOut", Reconciler.HyperV.WsMan.FaultCodes.TimedOut, "The WS-Management service cannot complete the operation within the time specified in OperationTimeout.", host),
            FakeFailure.Unavailable => new FakeReply(503, null, "<html><body>Service Unavailable</body></html>"),
            FakeFailure.Unauthorized => new FakeReply(401, null),
            _ => FakeSoap.Fault(relatesTo, "s:Sender", "w:AccessDenied", Reconciler.HyperV.WsMan.FaultCodes.AccessDenied, "Access is denied.", host),
        };
    }

    /// <summary>
    /// A given certificate goes out with its intermediates, as real listeners send them. It is set
    /// per handshake: Kestrel itself would refuse a leaf without the server authentication usage,
    /// which the client's own check has to be tested against.
    /// </summary>
    private static HttpsConnectionAdapterOptions Https(X509Certificate2 certificate, FakeTls? tls) => new()
    {
        ServerCertificate = certificate,
        OnAuthenticate = tls is null ? null : (_, ssl) =>
        {
            ssl.ServerCertificate = null;
            ssl.ServerCertificateContext = SslStreamCertificateContext.Create(tls.Certificate, tls.Intermediates, offline: true);
        },
    };

    /// <summary>One certificate for every fake in the process: RSA key generation is the slow part of starting one.</summary>
    private static readonly Lazy<X509Certificate2> SharedCertificate = new(SelfSigned);

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-winrm", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        // Re-imported so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
