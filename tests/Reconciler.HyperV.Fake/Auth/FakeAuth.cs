namespace Reconciler.HyperV.Fake.Auth;

/// <summary>How the fake host's listeners authenticate.</summary>
public enum FakeAuth
{
    /// <summary>HTTPS with Basic: a listener and an auth scheme an admin has to add to a real host.</summary>
    Basic,

    /// <summary>
    /// HTTP with Negotiate (Kerberos with the keytab of <see cref="FakeOptions.KeytabFile"/>, NTLM
    /// with the fake's user and password) and WinRM message encryption required, as a host comes
    /// with remote management enabled (AllowUnencrypted=false).
    /// </summary>
    Negotiate,
}
