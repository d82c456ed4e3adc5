using System.Net;
using System.Security.Authentication;
using Reconciler.Checks;
using Reconciler.HyperV.Settings;
using Reconciler.HyperV.WsMan;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// What each connection check's outcome means and the one remedy for it. Pure: the probes
/// (<see cref="HostPreflight"/>) do the I/O and hand their outcomes here, so every mapping is
/// tested without a network.
/// </summary>
public static class HostVerdicts
{
    public const string NameId = "name";
    public const string PortId = "port";
    public const string IdentifyId = "identify";
    public const string AuthId = "auth";

    /// <summary>WinRM's listener ports (MS-WSMV; `winrm quickconfig`).</summary>
    public const int HttpPort = 5985;
    public const int HttpsPort = 5986;

    public static CheckResult Name(HyperVHost host, IReadOnlyList<IPAddress> addresses, string? error, bool negotiate)
    {
        var title = $"name {host.Address} resolves";
        if (IPAddress.TryParse(host.Address, out _))
        {
            return negotiate
                ? CheckResult.Warn(NameId, title, "an IP address", $"Kerberos needs the host's name (SPN HTTP/<fqdn>); with an IP address Negotiate can only use NTLM: give {host.Name}'s FQDN as its address")
                : CheckResult.Pass(NameId, title, "an IP address");
        }

        return addresses.Count > 0
            ? CheckResult.Pass(NameId, title, string.Join(", ", addresses))
            : CheckResult.Fail(NameId, title, error ?? "no address",
                $"add {host.Address} to DNS (or /etc/hosts), or give the host's address in spec.hosts[].address");
    }

    /// <param name="otherPortOpen">WinRM's other standard port (5985 for 5986 and back) when it accepted a connection.</param>
    public static CheckResult Port(HyperVHost host, bool open, string? error, int? otherPortOpen)
    {
        var title = $"TCP port {host.Port} open";
        if (open)
        {
            return CheckResult.Pass(PortId, title, "connected");
        }

        if (otherPortOpen is HttpPort && host.Port == HttpsPort)
        {
            return CheckResult.Fail(PortId, title, $"5986 is closed but 5985 is open: {host.Address} has WinRM's default HTTP listener only",
                "set transport: http and port: 5985 (the default; with auth negotiate, kerberos or ntlm every message is encrypted), or add an HTTPS listener on 5986 (winrm quickconfig -transport:https)");
        }

        if (otherPortOpen is HttpsPort && host.Port == HttpPort)
        {
            return CheckResult.Fail(PortId, title, $"5985 is closed but 5986 is open: {host.Address} listens on HTTPS only",
                "set transport: https and port: 5986 (with tls.caFile for its certificate's CA)");
        }

        return CheckResult.Fail(PortId, title, $"closed: {error ?? "refused"}",
            $"start WinRM on {host.Name} (Enable-PSRemoting, or winrm quickconfig -transport:https for 5986) and allow TCP {host.Port} in its firewall");
    }

    public static CheckResult Identify(IdentifyReply reply) =>
        CheckResult.Pass(IdentifyId, "WS-Man Identify answers", $"{reply.Vendor}, WS-Man stack {reply.StackVersion ?? "?"}");

    /// <param name="plainHttp">The port answered a plain-HTTP request: an HTTP listener where HTTPS was expected.</param>
    /// <param name="tls">The port completed a TLS handshake: an HTTPS listener where plain HTTP was expected.</param>
    public static CheckResult IdentifyFailed(HyperVHost host, Exception error, bool plainHttp, bool tls = false)
    {
        const string Title = "WS-Man Identify answers";
        if (plainHttp)
        {
            return CheckResult.Fail(IdentifyId, Title, $"port {host.Port} speaks plain HTTP, not HTTPS: it is an HTTP listener (WinRM's is 5985)",
                $"set transport: http for it (with auth negotiate, kerberos or ntlm), or point this host at its HTTPS listener (port {HttpsPort})");
        }

        if (tls)
        {
            return CheckResult.Fail(IdentifyId, Title, $"port {host.Port} speaks TLS, not plain HTTP: it is an HTTPS listener (WinRM's is 5986)",
                $"set transport: https for it (with tls.caFile), or point this host at its HTTP listener (port {HttpPort})");
        }

        if (error is HttpRequestException { InnerException: AuthenticationException untrusted })
        {
            return CheckResult.Fail(IdentifyId, Title, $"TLS: the certificate is not trusted ({untrusted.Message})",
                $"set tls.caFile to the CA that issued {host.Name}'s WinRM certificate, and connect by a name the certificate holds");
        }

        if (error is WsManException { HttpStatus: 404 })
        {
            return CheckResult.Fail(IdentifyId, Title, $"HTTP 404: no /wsman on port {host.Port}", "this port is not WinRM: give the host's WinRM port (5986)");
        }

        if (error is WsManException { HttpStatus: 401 })
        {
            // Some hardened hosts refuse anonymous Identify; the authenticated check still tells.
            return CheckResult.Warn(IdentifyId, Title, "anonymous Identify refused (HTTP 401)", "none needed if authentication passes");
        }

        return CheckResult.Fail(IdentifyId, Title, error.Message, $"check that WinRM answers on {host.Address}:{host.Port}: Test-WSMan {host.Address} -UseSSL from another machine");
    }

    /// <param name="package">The package the Negotiate handshake used (Kerberos, NTLM); null when .NET's own handler or Basic did it.</param>
    public static CheckResult Auth(HyperVSettings settings, string user, IdentifyReply reply, string? package = null)
    {
        var title = "authentication";
        var os = reply.OsVersion is { } v ? $"OS {v}{(reply.OsName is { } name ? $" ({name})" : "")}" : "OS version not given";
        var detail = $"{Mechanism(settings, package)} as {user}; {os}";
        return reply.TooOldForGpuP
            ? CheckResult.Fail(AuthId, title, detail, "GPU-P needs Windows Server 2022 or later (GPU pools: 2025): upgrade the host")
            : CheckResult.Pass(AuthId, title, detail);
    }

    public static CheckResult AuthFailed(HyperVSettings settings, string user, Exception error)
    {
        const string Title = "authentication";
        var auth = error as WsManAuthException ?? error.InnerException as WsManAuthException;
        var mechanism = Mechanism(settings, string.IsNullOrEmpty(auth?.Package) ? null : auth.Package);
        var kerberos = KerberosDiagnosis.Diagnose(Messages(error))
            ?? (auth is { Status: { } status } && auth.Package is not "NTLM" ? KerberosDiagnosis.Diagnose(status) : null);
        if (kerberos is not null)
        {
            return CheckResult.Fail(AuthId, Title, $"{mechanism} as {user}: Kerberos failed: {kerberos.Cause}{(auth?.Target is { Length: > 0 } spn ? $" (asked for {spn})" : "")}", kerberos.Remedy);
        }

        if (error is WsManException { HttpStatus: 401 } || auth is { HttpStatus: 401 })
        {
            return CheckResult.Fail(AuthId, Title, $"{mechanism} as {user}: refused (HTTP 401)", settings.Auth == HyperVAuth.Basic
                ? "check the usernameFile and passwordFile; Basic works only for local accounts and only with winrm set winrm/config/service/auth @{Basic=\"true\"}"
                : "check the usernameFile and passwordFile (DOMAIN\\user or user@REALM), krb5.conf, time sync and the SPN HTTP/<host> (docs/hyperv.md troubleshooting)");
        }

        return CheckResult.Fail(AuthId, Title, $"{mechanism} as {user}: {error.Message}", "see docs/hyperv.md troubleshooting for this message");
    }

    private static string Mechanism(HyperVSettings settings, string? package) => (settings.Auth, package) switch
    {
        (HyperVAuth.Basic, _) => "Basic",
        (HyperVAuth.Negotiate, { } used) when used != "Negotiate" => $"Negotiate ({used})",
        (_, { } used) => used,
        (HyperVAuth.Kerberos, null) => "Kerberos",
        (HyperVAuth.Ntlm, null) => "NTLM",
        _ => "Negotiate (Kerberos or NTLM, over TLS)",
    };

    /// <summary>An exception's messages down its inner chain: GSSAPI puts the Kerberos reason in an inner one.</summary>
    private static string Messages(Exception error)
    {
        var texts = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            texts.Add(e.Message);
        }

        return string.Join(" | ", texts);
    }
}
