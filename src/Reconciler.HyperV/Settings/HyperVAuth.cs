namespace Reconciler.HyperV.Settings;

/// <summary>How the provider authenticates to WinRM.</summary>
public enum HyperVAuth
{
    /// <summary>Kerberos, or NTLM where Kerberos cannot be had (local and workgroup accounts, an IP address): the default.</summary>
    Negotiate,

    /// <summary>Kerberos only: fails rather than falling back to NTLM.</summary>
    Kerberos,

    /// <summary>NTLM only (local accounts, hosts reached by IP address).</summary>
    Ntlm,

    /// <summary>Local accounts only, only over HTTPS, and only when the host's WinRM service allows Basic.</summary>
    Basic,
}
