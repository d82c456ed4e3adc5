using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Reconciler.Catalog;
using Reconciler.HyperV.Provider;
using Reconciler.HyperV.Recording;
using Reconciler.HyperV.Settings;
using Reconciler.HyperV.WsMan;
using Reconciler.HyperV.WsMan.Transport;
using Reconciler.Providers;

namespace Reconciler.HyperV;

/// <summary>Opens the Hyper-V provider of one cluster from its connection settings file.</summary>
public static class HyperVTarget
{
    /// <exception cref="HyperVSettingsException">The settings or the files they name cannot be used; the message says where and what to do.</exception>
    /// <param name="recordDirectory">When set, every WS-Management exchange is written there (docs/hyperv.md, "Recordings").</param>
    public static IClusterProvider Open(string settingsPath, ILoggerFactory? loggers = null, TimeProvider? time = null, Meter? meter = null, string? recordDirectory = null)
    {
        var settings = HyperVSettingsReader.Read(settingsPath);
        return Open(settings, settingsPath, loggers, time, meter, recordDirectory);
    }

    public static IClusterProvider Open(HyperVSettings settings, string settingsPath, ILoggerFactory? loggers = null, TimeProvider? time = null, Meter? meter = null, string? recordDirectory = null) =>
        Open(settings, settingsPath, loggers, time, meter, recordDirectory, transport: null);

    /// <param name="transport">Replaces the network for each host (a recording played back); null: HTTPS to the host.</param>
    internal static IClusterProvider Open(HyperVSettings settings, string settingsPath, ILoggerFactory? loggers, TimeProvider? time, Meter? meter, string? recordDirectory, Func<string, HttpMessageHandler>? transport)
    {
        loggers ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        var logger = loggers.CreateLogger("Reconciler.HyperV");
        var metrics = new HyperVMetrics(meter);
        var credential = Credential(settingsPath, settings);
        var validation = settings.Transport == HyperVTransport.Https ? CertificateValidation(settingsPath, settings) : null;
        var recorder = recordDirectory is null ? null : RecordingWriter.Start(recordDirectory, settings.Cluster, settings.Hosts.Select(h => h.Name), new Redactor(Secrets(credential)));
        var sessions = settings.Hosts.Select(host =>
        {
            var endpoint = Endpoint(settings, host);
            // The recorder goes outermost: it sees the SOAP in plain text, before the message
            // encryption an inner handler adds, and after HttpClient has added its headers.
            var chain = transport?.Invoke(host.Name) ?? HostHandler(endpoint, settings, credential, validation);
            if (recorder is not null)
            {
                chain = new RecordingHandler(recorder, host.Name, time) { InnerHandler = chain };
            }

            var http = new HttpClient(chain, disposeHandler: true)
            {
                Timeout = settings.OperationTimeout + TimeSpan.FromSeconds(15),
            };
            if (settings.Auth == HyperVAuth.Basic)
            {
                var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}"));
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
            }

            var client = new WsManClient(http, endpoint, settings.OperationTimeout, logger, metrics);
            var runner = new MethodRunner(client, host.Name, time, settings.JobPollInterval, settings.JobTimeout, logger);
            return new HostSession(host.Name, runner, time, logger);
        }).ToList();
        return new HyperVClusterProvider(settings.Cluster, sessions, GpuCatalog.Default, settings.ShutdownPollInterval, logger, metrics) { ForceDismount = settings.ForceDismount };
    }

    /// <summary>The host's WinRM listener URL: http or https as the settings' transport says.</summary>
    internal static Uri Endpoint(HyperVSettings settings, HyperVHost host) =>
        new UriBuilder(settings.Transport == HyperVTransport.Https ? Uri.UriSchemeHttps : Uri.UriSchemeHttp, host.Address, host.Port, "wsman").Uri;

    /// <summary>The account from the secret files the settings name (no password with a keytab), with GSSAPI pointed at the settings' Kerberos files.</summary>
    internal static NetworkCredential Credential(string settingsPath, HyperVSettings settings)
    {
        Kerberos(settingsPath, settings);
        var password = settings.KeytabFile is null ? Secret(settingsPath, settings.PasswordFile, "passwordFile") : "";
        return new NetworkCredential(Secret(settingsPath, settings.UsernameFile, "usernameFile"), password);
    }

    /// <summary>
    /// The HTTP client of one host: its handler chain (<see cref="HostHandler"/>) and, for Basic,
    /// the header. A null <paramref name="credential"/> sends no credentials at all: an anonymous
    /// Identify, which WinRM answers before authentication.
    /// </summary>
    internal static HttpClient Http(Uri endpoint, HyperVSettings settings, NetworkCredential? credential, RemoteCertificateValidationCallback? validation) =>
        Http(endpoint, settings, credential, validation, out _);

    /// <param name="negotiate">The handler that authenticates and encrypts, when one does: its <see cref="NegotiateHandler.Package"/> tells which package a handshake used.</param>
    internal static HttpClient Http(Uri endpoint, HyperVSettings settings, NetworkCredential? credential, RemoteCertificateValidationCallback? validation, out NegotiateHandler? negotiate)
    {
        var handler = credential is null
            ? new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validation }, AllowAutoRedirect = false }
            : HostHandler(endpoint, settings, credential, validation);
        negotiate = handler as NegotiateHandler;
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = settings.OperationTimeout + TimeSpan.FromSeconds(15) };
        if (credential is not null && settings.Auth == HyperVAuth.Basic)
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}"));
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        }

        return http;
    }

    /// <summary>
    /// The handler chain of one host, innermost first: SocketsHttpHandler, then over HTTP (and for
    /// kerberos/ntlm over HTTPS) the <see cref="NegotiateHandler"/>, which authenticates and
    /// encrypts, so a handler put around this one sees plain SOAP. Over HTTPS, negotiate stays with
    /// SocketsHttpHandler's own Negotiate, which adds the TLS channel binding; Basic is a header
    /// the caller sets. The HTTP timeout leaves the host its OperationTimeout plus a margin.
    /// </summary>
    internal static HttpMessageHandler HostHandler(Uri endpoint, HyperVSettings settings, NetworkCredential credential, RemoteCertificateValidationCallback? validation)
    {
        var sockets = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validation },
            AllowAutoRedirect = false,
        };
        if (settings.Auth == HyperVAuth.Basic)
        {
            return sockets;
        }

        if (settings.Transport == HyperVTransport.Https && settings.Auth == HyperVAuth.Negotiate)
        {
            sockets.Credentials = new CredentialCache { { endpoint, "Negotiate", credential } };
            return sockets;
        }

        // WinRM keeps the security context per TCP connection: one connection, kept while it lives.
        sockets.MaxConnectionsPerServer = 1;
        sockets.PooledConnectionLifetime = Timeout.InfiniteTimeSpan;
        return new NegotiateHandler(credential, $"HTTP/{endpoint.Host}", settings.Auth, encrypt: settings.Transport == HyperVTransport.Http, sockets);
    }

    /// <summary>Points GSSAPI at the settings' krb5.conf and client keytab (process-wide, see <see cref="KerberosEnvironment"/>).</summary>
    private static void Kerberos(string settingsPath, HyperVSettings settings)
    {
        foreach (var (key, variable, file) in new[] { ("kerberos.configFile", "KRB5_CONFIG", settings.KerberosConfigFile), ("kerberos.keytabFile", "KRB5_CLIENT_KTNAME", settings.KeytabFile) })
        {
            if (file is null)
            {
                continue;
            }

            if (!File.Exists(file))
            {
                throw new HyperVSettingsException($"{settingsPath}: error: {key} {file} does not exist; mount it there or fix the path");
            }

            if (!KerberosEnvironment.TryUse(variable, file, out var current))
            {
                throw new HyperVSettingsException($"{settingsPath}: error: {key} {file} differs from {current}, which another Hyper-V settings file of this process set; GSSAPI takes one {variable} per process, so give every cluster the same file");
            }
        }

        if (settings.KeytabFile is not null)
        {
            // Tickets got from the keytab stay in memory, never in a file another process shares.
            KerberosEnvironment.Default("KRB5CCNAME", "MEMORY:reconciler");
        }
    }

    /// <summary>Validation stays on: the system store, or the CA file's certificates as the only roots; off only when asked.</summary>
    internal static RemoteCertificateValidationCallback? CertificateValidation(string settingsPath, HyperVSettings settings)
    {
        if (settings.InsecureSkipVerify)
        {
#pragma warning disable CA5359 // accepting any certificate is exactly what insecureSkipVerify asks for
            return AcceptAny;
#pragma warning restore CA5359
        }

        if (settings.CaFile is not { } caFile)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new HyperVSettingsException($"{settingsPath}: error: tls.caFile {caFile} cannot be read as PEM certificates: {ex.Message}");
        }

        if (roots.Count == 0)
        {
            throw new HyperVSettingsException($"{settingsPath}: error: tls.caFile {caFile} holds no PEM certificate");
        }

        return (_, certificate, presented, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false; // a name mismatch or no certificate is never excused
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

            // The host sends its intermediates with the leaf; caFile usually holds only the root,
            // so the chain is rebuilt with what the host presented as untrusted helpers. Trust
            // still comes only from caFile.
            if (presented is not null)
            {
                chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
                foreach (var element in presented.ChainElements)
                {
                    chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            // Only a certificate meant for TLS servers (EKU server authentication) may speak for a host.
            chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ServerAuthentication));
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return chain.Build(leaf);
        };
    }

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>The operator's explicit opt-out (tls.insecureSkipVerify), for lab hosts with throwaway certificates.</summary>
    private static bool AcceptAny(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

    /// <summary>What a recording must never hold: the password and the Basic token made from it.</summary>
    private static IEnumerable<string> Secrets(NetworkCredential credential) =>
    [
        credential.Password,
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{credential.UserName}:{credential.Password}")),
    ];

    private static string Secret(string settingsPath, string file, string key)
    {
        try
        {
            var value = File.ReadAllText(file).Trim();
            return value.Length > 0 ? value : throw new HyperVSettingsException($"{settingsPath}: error: {key} {file} is empty");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new HyperVSettingsException($"{settingsPath}: error: {key} {file} cannot be read ({ex.Message}); mount the secret there or fix the path");
        }
    }
}
