using Reconciler.HyperV.Checks;

namespace Reconciler.HyperV.Tests.Checks;

public sealed class KerberosDiagnosisTests
{
    // Texts as MIT Kerberos (krb5_err.et) and the GSSAPI layer print them, and the RFC 4120 names Windows logs.
    [Theory]
    [InlineData("GSSAPI operation failed with error - Unspecified GSS failure. Minor code may provide more information (Server not found in Kerberos database).", KerberosDiagnosis.NoSpn)]
    [InlineData("KDC_ERR_S_PRINCIPAL_UNKNOWN", KerberosDiagnosis.NoSpn)]
    [InlineData("Unspecified GSS failure. Minor code may provide more information (Clock skew too great)", KerberosDiagnosis.ClockSkew)]
    [InlineData("KRB_AP_ERR_SKEW", KerberosDiagnosis.ClockSkew)]
    [InlineData("Unspecified GSS failure. Minor code may provide more information (No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000))", KerberosDiagnosis.NoTicket)]
    [InlineData("No credentials cache found", KerberosDiagnosis.NoTicket)]
    [InlineData("Cannot find KDC for realm \"CORP.EXAMPLE\"", KerberosDiagnosis.WrongRealm)]
    [InlineData("KDC_ERR_WRONG_REALM", KerberosDiagnosis.WrongRealm)]
    [InlineData("Preauthentication failed", KerberosDiagnosis.BadPassword)]
    [InlineData("Client not found in Kerberos database", KerberosDiagnosis.UnknownUser)]
    public void Diagnose_KerberosMessage_NamesItsCause(string text, string cause)
    {
        var diagnosis = KerberosDiagnosis.Diagnose(text);

        Assert.NotNull(diagnosis);
        Assert.Equal(cause, diagnosis.Cause);
        Assert.False(string.IsNullOrWhiteSpace(diagnosis.Remedy));
    }

    [Fact]
    public void Diagnose_AnUnrelatedMessage_NamesNoCause() =>
        Assert.Null(KerberosDiagnosis.Diagnose("access denied (HTTP 401)"));

    [Fact]
    public void Diagnose_NoSpn_TellsToConnectByTheSpnsName() =>
        Assert.Contains("HTTP/<", KerberosDiagnosis.Diagnose("Server not found in Kerberos database")!.Remedy, StringComparison.Ordinal);
}
