using Reconciler.HyperV.Checks;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Tests.Checks;

public sealed class WsManIdentifyTests
{
    // A real reply of a Server 2012 R2 host to an authenticated Identify over HTTP (a published curl capture).
    private const string Authenticated = """<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header></s:Header><s:Body><wsmid:IdentifyResponse xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion><wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor><wsmid:ProductVersion>OS: 6.3.9600 SP: 0.0 Stack: 3.0</wsmid:ProductVersion><wsmid:SecurityProfiles><wsmid:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/basic</wsmid:SecurityProfileName><wsmid:SecurityProfileName>http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/http/spnego-kerberos</wsmid:SecurityProfileName></wsmid:SecurityProfiles></wsmid:IdentifyResponse></s:Body></s:Envelope>""";

    // The anonymous reply (Test-WSMan without -Authentication) as published: no OS version.
    private const string Anonymous = """<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Header/><s:Body><wsmid:IdentifyResponse xmlns:wsmid="http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd"><wsmid:ProtocolVersion>http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd</wsmid:ProtocolVersion><wsmid:ProductVendor>Microsoft Corporation</wsmid:ProductVendor><wsmid:ProductVersion>OS: 0.0.0 SP: 0.0 Stack: 3.0</wsmid:ProductVersion></wsmid:IdentifyResponse></s:Body></s:Envelope>""";

    [Fact]
    public void Parse_RealAuthenticatedReply_ReadsOsStackAndProfiles()
    {
        var reply = WsManIdentify.Parse(Authenticated, 200);

        Assert.Equal("Microsoft Corporation", reply.Vendor);
        Assert.Equal("6.3.9600", reply.OsVersion);
        Assert.Equal("3.0", reply.StackVersion);
        Assert.True(reply.TooOldForGpuP);
        Assert.Equal(2, reply.SecurityProfiles.Count);
    }

    [Fact]
    public void Parse_AnonymousReply_HasNoOsVersion()
    {
        var reply = WsManIdentify.Parse(Anonymous, 200);

        Assert.Null(reply.OsVersion);
        Assert.Equal("3.0", reply.StackVersion);
        Assert.False(reply.TooOldForGpuP);
    }

    [Fact]
    public void Parse_NotSoap_SaysItIsNotWinRm()
    {
        var error = Assert.Throws<WsManException>(() => WsManIdentify.Parse("<html>It works!</html", 200));

        Assert.Contains("not a WinRM listener", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OS: 10.0.26100 SP: 0.0 Stack: 3.0", "Windows Server 2025 / Azure Local")]
    [InlineData("OS: 10.0.20348 SP: 0.0 Stack: 3.0", "Windows Server 2022")]
    [InlineData("OS: 10.0.25398 SP: 0.0 Stack: 3.0", "Azure Stack HCI 23H2")]
    public void OsName_KnownBuilds_AreNamed(string productVersion, string name) =>
        Assert.Equal(name, new IdentifyReply("Microsoft Corporation", productVersion, []).OsName);
}
