using System.Net.Security;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// Authentication or the message security layer failed: the local GSSAPI/NTLM step (no ticket, no
/// SPN, clock skew), the host's refusal (HTTP 401 after the handshake), or a body that does not
/// decrypt. Carries what a preflight needs to name the cause: the package, the status .NET's
/// NegotiateAuthentication reported, the service principal asked for and the HTTP status.
/// </summary>
public sealed class WsManAuthException : Exception
{
    public WsManAuthException(string message, string package, string target, NegotiateAuthenticationStatusCode? status = null, int? httpStatus = null, bool isTransient = false, Exception? inner = null)
        : base(message, inner)
    {
        Package = package;
        Target = target;
        Status = status;
        HttpStatus = httpStatus;
        IsTransient = isTransient;
    }

    public WsManAuthException()
        : this("WinRM authentication failed", "", "")
    {
    }

    public WsManAuthException(string message)
        : this(message, "", "")
    {
    }

    public WsManAuthException(string message, Exception inner)
        : this(message, "", "", inner: inner)
    {
    }

    /// <summary>Negotiate, Kerberos or NTLM: the package in use when it failed.</summary>
    public string Package { get; }

    /// <summary>The service principal name asked for, <c>HTTP/&lt;address&gt;</c>.</summary>
    public string Target { get; }

    /// <summary>What the local security package said; null when the host refused (see <see cref="HttpStatus"/>).</summary>
    public NegotiateAuthenticationStatusCode? Status { get; }

    /// <summary>The host's HTTP status when it refused the handshake or a message.</summary>
    public int? HttpStatus { get; }

    /// <summary>
    /// GSSAPI's own words for a local failure, e.g. "… (Server HTTP/10.0.0.5@CORP.EXAMPLE.COM not
    /// found in Kerberos database)", "… (Clock skew too great)", "… (Cannot find KDC for realm …)";
    /// null when it said nothing (see <see cref="GssapiMessages"/>).
    /// </summary>
    public string? Detail { get; init; }

    /// <summary>A lost or out-of-step security context, which a new handshake may mend.</summary>
    public bool IsTransient { get; }
}
