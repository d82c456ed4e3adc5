namespace Reconciler.HyperV.Checks;

/// <summary>Why Kerberos failed, as far as the GSSAPI/Kerberos message says, and the one thing to do.</summary>
public sealed record KerberosCause(string Cause, string Remedy);
