using System.Xml.Linq;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// WS-Management Identify (DSP0226 §11), as WinRM answers it. Sources:
/// - Microsoft Learn, "Detecting whether a remote computer supports WS-Management protocol"
///   (MicrosoftDocs/win32 desktop-src/WinRM): an unauthenticated Identify returns vendor and
///   protocol but no product version; an authenticated one returns the version.
/// - Microsoft Learn, Test-WSMan: without authentication it shows "OS: 0.0.0 SP: 0.0"; the
///   anonymous request carries the HTTP header <c>WSMANIDENTIFY: unauthenticated</c> (chef
///   knife-windows <c>wsman_test</c>, Steven Murawski's curl probe).
/// - Real replies: Test-WSMan output "OS: 0.0.0 SP: 0.0 Stack: 3.0" unauthenticated and
///   "OS: 6.3.9600 SP: 0.0 Stack: 3.0" authenticated, the latter with
///   <c>wsmid:SecurityProfiles</c> naming the listener's profiles (a Server 2012 R2 capture:
///   <c>…/secprofile/http/basic</c>, <c>…/secprofile/http/spnego-kerberos</c>).
/// </summary>
public static class FakeIdentify
{
    public static readonly XNamespace Wsmid = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";

    /// <summary>The header a client sends for an Identify without credentials.</summary>
    public const string AnonymousHeader = "WSMANIDENTIFY";

    /// <summary>What the fake reports as its Windows build: Windows Server 2025 (10.0.26100).</summary>
    public const string OsVersion = "10.0.26100";

    public static bool IsIdentify(XDocument envelope) =>
        envelope.Root?.Element(Soap + "Body")?.Element(Wsmid + "Identify") is not null;

    /// <summary>The reply; <paramref name="profiles"/> are the listener's security profile names, sent only to authenticated callers.</summary>
    public static FakeReply Reply(bool authenticated, IEnumerable<string> profiles) =>
        new(200, new XDocument(new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xml + "lang", "en-US"),
            new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XElement(Soap + "Header"),
            new XElement(Soap + "Body",
                new XElement(Wsmid + "IdentifyResponse",
                    new XAttribute(XNamespace.Xmlns + "wsmid", Wsmid),
                    new XElement(Wsmid + "ProtocolVersion", "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"),
                    new XElement(Wsmid + "ProductVendor", "Microsoft Corporation"),
                    new XElement(Wsmid + "ProductVersion", $"OS: {(authenticated ? OsVersion : "0.0.0")} SP: 0.0 Stack: 3.0"),
                    authenticated
                        ? new XElement(Wsmid + "SecurityProfiles", profiles.Select(p => new XElement(Wsmid + "SecurityProfileName", p)))
                        : null)))));

    /// <summary>DSP0226 security profile names: http or https, then the scheme (basic, spnego-kerberos).</summary>
    public static string Profile(bool https, string scheme) =>
        $"http://schemas.dmtf.org/wbem/wsman/1/wsman/secprofile/{(https ? "https" : "http")}/{scheme}";
}
