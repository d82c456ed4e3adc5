namespace Reconciler.HyperV.Checks;

/// <summary>
/// Maps the text of a Kerberos failure to its cause. MIT Kerberos (the GSSAPI library .NET uses
/// on Linux) reports its error table's messages (krb5 <c>src/lib/krb5/error_tables/krb5_err.et</c>,
/// <c>kdb5_err.et</c>) inside the GSSAPI minor status; Windows names the same KDC errors
/// (RFC 4120 §7.5.9: KDC_ERR_S_PRINCIPAL_UNKNOWN, KRB_AP_ERR_SKEW, ...). One table, first match
/// wins, so the more specific texts come first.
/// </summary>
public static class KerberosDiagnosis
{
    public const string NoSpn = "no SPN";
    public const string ClockSkew = "clock skew";
    public const string NoTicket = "no ticket";
    public const string WrongRealm = "wrong realm";
    public const string BadPassword = "wrong password";
    public const string UnknownUser = "unknown user";

    private static readonly (string[] Texts, string Cause, string Remedy)[] Table =
    [
        (["Server not found in Kerberos database", "KDC_ERR_S_PRINCIPAL_UNKNOWN", "Server principal unknown"], NoSpn,
            "the KDC has no SPN HTTP/<name> for the name you connect to: use the host's FQDN as its address (the SPN's name, not an IP or short name), or register it (setspn -S HTTP/<fqdn> <host>)"),
        (["Clock skew too great", "KRB_AP_ERR_SKEW"], ClockSkew,
            "this machine's clock differs from the KDC's or the host's by more than 5 minutes: synchronise time (NTP) on all three"),
        (["No Kerberos credentials available", "No credentials cache found", "Credential cache is empty", "No credentials were supplied", "KRB5_FCC_NOFILE", "KRB5_CC_NOTFOUND"], NoTicket,
            "no ticket to present: run kinit (or kinit -k -t KEYTAB) first, or give usernameFile as user@REALM with passwordFile so a ticket is requested"),
        (["Cannot find KDC for realm", "Cannot contact any KDC for realm", "Realm not local to KDC", "KDC_ERR_WRONG_REALM", "Cannot resolve network address for KDC in realm"], WrongRealm,
            "the realm of user@REALM is not in krb5.conf or its KDC is unreachable: realms are upper case (CORP.EXAMPLE), list the realm and its kdc in /etc/krb5.conf"),
        (["Preauthentication failed", "KDC_ERR_PREAUTH_FAILED", "Password incorrect", "Decrypt integrity check failed"], BadPassword,
            "the KDC refused the password: fix passwordFile (or the keytab) for that account"),
        (["Client not found in Kerberos database", "KDC_ERR_C_PRINCIPAL_UNKNOWN", "Client principal unknown"], UnknownUser,
            "the KDC does not know the user: give usernameFile as user@REALM of an existing account"),
    ];

    /// <summary>
    /// The cause a status of .NET's <see cref="System.Net.Security.NegotiateAuthentication"/>
    /// points to, when GSSAPI's own text stayed inside .NET: it maps GSS_S_BAD_NAME and an unknown
    /// server principal to TargetUnknown, GSS_S_NO_CRED to UnknownCredentials. Null for statuses
    /// that name no single cause (GenericFailure: a clock skew and a wrong realm both end there).
    /// </summary>
    public static KerberosCause? Diagnose(System.Net.Security.NegotiateAuthenticationStatusCode status) => status switch
    {
        System.Net.Security.NegotiateAuthenticationStatusCode.TargetUnknown => Cause(NoSpn),
        System.Net.Security.NegotiateAuthenticationStatusCode.UnknownCredentials => Cause(NoTicket),
        System.Net.Security.NegotiateAuthenticationStatusCode.CredentialsExpired => Cause(NoTicket),
        _ => null,
    };

    private static KerberosCause Cause(string cause) => Table.First(t => t.Cause == cause) is var row ? new KerberosCause(row.Cause, row.Remedy) : null!;

    /// <summary>The cause the text names; null when it names none of them.</summary>
    public static KerberosCause? Diagnose(string text)
    {
        foreach (var (texts, cause, remedy) in Table)
        {
            if (texts.Any(t => text.Contains(t, StringComparison.OrdinalIgnoreCase)))
            {
                return new KerberosCause(cause, remedy);
            }
        }

        return null;
    }
}
