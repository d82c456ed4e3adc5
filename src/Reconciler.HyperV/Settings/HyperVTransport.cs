namespace Reconciler.HyperV.Settings;

/// <summary>Which WinRM listener the provider talks to.</summary>
public enum HyperVTransport
{
    /// <summary>
    /// HTTP on 5985: the only listener a host has as it comes (Enable-PSRemoting). Every message
    /// body is encrypted with the Kerberos or NTLM security context (MS-WSMV 2.2.9.1), as WinRM
    /// demands while AllowUnencrypted is false.
    /// </summary>
    Http,

    /// <summary>HTTPS on 5986: a listener an admin adds with a certificate; TLS protects the messages.</summary>
    Https,
}
