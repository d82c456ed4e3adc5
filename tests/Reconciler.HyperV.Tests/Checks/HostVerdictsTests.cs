using System.Net;
using Reconciler.Checks;
using Reconciler.HyperV.Checks;
using Reconciler.HyperV.Settings;
using Reconciler.HyperV.WsMan;
using Reconciler.HyperV.WsMan.Transport;

namespace Reconciler.HyperV.Tests.Checks;

public sealed class HostVerdictsTests
{
    private static readonly HyperVSettings Basic = new("lab", [], HyperVAuth.Basic, "u", "p", null, false, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(40), TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));

    [Fact]
    public void Port_HttpsClosedButHttpOpen_NamesTheMismatch()
    {
        var result = HostVerdicts.Port(new HyperVHost("hv-01", "hv-01.corp", 5986), open: false, "connection refused", otherPortOpen: 5985);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("5986 is closed but 5985 is open", result.Detail, StringComparison.Ordinal);
        Assert.Contains("transport: http and port: 5985", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_HttpClosedButHttpsOpen_SaysToUse5986()
    {
        var result = HostVerdicts.Port(new HyperVHost("hv-01", "hv-01.corp", 5985), open: false, "connection refused", otherPortOpen: 5986);

        Assert.Contains("transport: https and port: 5986", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_ClosedWithNothingElse_SaysClosedAndHowToOpen()
    {
        var result = HostVerdicts.Port(new HyperVHost("hv-01", "hv-01.corp", 5986), open: false, "connection refused", otherPortOpen: null);

        Assert.Equal("closed: connection refused", result.Detail);
        Assert.Contains("firewall", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_IpAddressWithNegotiate_WarnsThatKerberosNeedsAName()
    {
        var result = HostVerdicts.Name(new HyperVHost("hv-01", "10.0.0.5", 5986), [], null, negotiate: true);

        Assert.Equal(CheckStatus.Warn, result.Status);
        Assert.Contains("SPN", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_Unresolved_Fails()
    {
        var result = HostVerdicts.Name(new HyperVHost("hv-01", "hv-01.corp", 5986), [], "Name or service not known", negotiate: true);

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("DNS", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Name_Resolved_ListsTheAddresses() =>
        Assert.Equal("10.0.0.5", HostVerdicts.Name(new HyperVHost("hv-01", "hv-01.corp", 5986), [IPAddress.Parse("10.0.0.5")], null, negotiate: true).Detail);

    [Fact]
    public void AuthFailed_Basic401_SaysBasicIsForLocalAccounts()
    {
        var result = HostVerdicts.AuthFailed(Basic, "reconciler", new WsManException("HTTP 401", false, httpStatus: 401));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("Basic as reconciler: refused (HTTP 401)", result.Detail);
        Assert.Contains("local accounts", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthFailed_KerberosTextInAnInnerException_MapsItsCause()
    {
        var error = new HttpRequestException("authentication failed", new InvalidOperationException("GSSAPI operation failed (Clock skew too great)"));

        var result = HostVerdicts.AuthFailed(Basic with { Auth = HyperVAuth.Negotiate }, "svc@CORP", error);

        Assert.Contains("clock skew", result.Detail, StringComparison.Ordinal);
        Assert.Contains("NTP", result.Remedy, StringComparison.Ordinal);
    }

    // What .NET's NegotiateAuthentication reported against the test realm's real KDC: an SPN the
    // KDC does not know ends in GenericFailure (no single cause), a bad password, an unknown user
    // and a foreign realm all in UnknownCredentials (no ticket could be had).
    [Fact]
    public void AuthFailed_KerberosUnknownCredentials_SaysNoTicketAndTheSpnAskedFor()
    {
        var error = new WsManAuthException("Kerberos found no way to authenticate HTTP/localhost as this user (UnknownCredentials)", "Kerberos", "HTTP/localhost", System.Net.Security.NegotiateAuthenticationStatusCode.UnknownCredentials);

        var result = HostVerdicts.AuthFailed(Basic with { Auth = HyperVAuth.Kerberos }, "svc@CORP", error);

        Assert.Equal("Kerberos as svc@CORP: Kerberos failed: no ticket (asked for HTTP/localhost)", result.Detail);
    }

    [Fact]
    public void AuthFailed_KerberosTargetUnknown_SaysNoSpn()
    {
        var error = new WsManAuthException("no SPN", "Kerberos", "HTTP/10.0.0.5", System.Net.Security.NegotiateAuthenticationStatusCode.TargetUnknown);

        var result = HostVerdicts.AuthFailed(Basic with { Auth = HyperVAuth.Negotiate }, "svc@CORP", error);

        Assert.Contains("no SPN", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AuthFailed_NtlmRefusedBy401_NamesNtlmAndTheAccountFiles()
    {
        var error = new WsManAuthException("the host refused NTLM authentication as this user (HTTP 401)", "NTLM", "HTTP/hv-01", httpStatus: 401);

        var result = HostVerdicts.AuthFailed(Basic with { Auth = HyperVAuth.Negotiate }, "reconciler", error);

        Assert.Equal("Negotiate (NTLM) as reconciler: refused (HTTP 401)", result.Detail);
        Assert.Contains("usernameFile", result.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Auth_NegotiateThatUsedKerberos_SaysSo() =>
        Assert.StartsWith("Negotiate (Kerberos) as svc@CORP;", HostVerdicts.Auth(Basic with { Auth = HyperVAuth.Negotiate }, "svc@CORP", new IdentifyReply("Microsoft Corporation", "OS: 10.0.26100 SP: 0.0 Stack: 3.0", []), "Kerberos").Detail, StringComparison.Ordinal);

    [Fact]
    public void Auth_OldWindows_FailsForGpuP()
    {
        var result = HostVerdicts.Auth(Basic, "reconciler", new IdentifyReply("Microsoft Corporation", "OS: 10.0.17763 SP: 0.0 Stack: 3.0", []));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains("Windows Server 2019", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentifyFailed_PlainHttpOnAnHttpsPort_NamesTheListenerMismatch()
    {
        var result = HostVerdicts.IdentifyFailed(new HyperVHost("hv-01", "hv-01.corp", 5985), new HttpRequestException("ssl"), plainHttp: true);

        Assert.Contains("speaks plain HTTP, not HTTPS", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NamespaceFailed_ClusterNamespaceMissing_IsAStandaloneHostNotAFailure()
    {
        var cluster = NamespaceCheck.All.Single(n => n.Id == "namespace.cluster");

        var result = cluster.Failed(new WsManException("no namespace", false, FaultCodes.CannotProcessFilter, "n:CannotProcessFilter"));

        Assert.Equal(CheckStatus.Skip, result.Status);
    }

    [Theory]
    [InlineData("namespace.virtualization", "Hyper-V Administrators")]
    [InlineData("namespace.cimv2", "Remote Enable")]
    [InlineData("namespace.cluster", "Grant-ClusterAccess")]
    public void NamespaceFailed_AccessDenied_GivesThatNamespacesRemedy(string id, string remedy)
    {
        var result = NamespaceCheck.All.Single(n => n.Id == id).Failed(new WsManException("Access is denied.", false, FaultCodes.AccessDenied, "w:AccessDenied"));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Contains(remedy, result.Remedy, StringComparison.Ordinal);
    }
}
