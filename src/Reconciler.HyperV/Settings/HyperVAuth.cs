namespace Reconciler.HyperV.Settings;

/// <summary>How the provider authenticates to WinRM.</summary>
public enum HyperVAuth
{
    /// <summary>Kerberos, or NTLM for local and workgroup accounts (the default).</summary>
    Negotiate,

    /// <summary>Local accounts only, and only when the host's WinRM service allows Basic.</summary>
    Basic,
}
