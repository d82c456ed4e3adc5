using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using static Reconciler.HyperV.WsMan.WsManNames;
using FaultNs = Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// WMI namespace security: an account that may log on to WinRM but lacks rights on a namespace
/// (not in Hyper-V Administrators for root\virtualization\v2; no Grant-ClusterAccess for
/// root\MSCluster) is refused every call there. The fault: subcode <c>w:AccessDenied</c> with
/// WSManFault code 5 (wsman.md §3.2, SCX's mapping), carrying the WMI plugin's provider fault
/// WBEM_E_ACCESS_DENIED 0x80041003 (Microsoft Learn, "WMI Error Constants") in the nesting of the
/// real WinRb capture <c>soap_fault_v2.xml</c> (wsman.md §3.1). No capture of this exact fault
/// from a Hyper-V host was found: the nesting is that capture's, the codes are documented ones.
/// </summary>
public static class FakeAccess
{
    /// <summary>WBEM_E_ACCESS_DENIED.</summary>
    public const long WmiAccessDenied = 0x80041003;

    /// <summary>The access-denied fault when the request's namespace is one the account may not use; null otherwise.</summary>
    public static FakeReply? Check(FakeOptions options, string host, XDocument envelope)
    {
        var header = envelope.Root?.Element(Soap + "Header");
        var resourceUri = header?.Element(Wsm + "ResourceURI")?.Value.Trim() ?? "";
        var denied = options.DeniedNamespaces.FirstOrDefault(ns => resourceUri.StartsWith(WmiBase + ns + "/", StringComparison.OrdinalIgnoreCase));
        if (denied is null)
        {
            return null;
        }

        var relatesTo = header?.Element(Addressing + "MessageID")?.Value.Trim();
        var provider = new XElement(FaultNs.Fault + "ProviderFault",
            new XAttribute("provider", "WMI Provider"),
            new XAttribute("path", @"%systemroot%\system32\WsmWmiPl.dll"),
            new XElement(FaultNs.Fault + "WSManFault",
                new XAttribute("Code", WmiAccessDenied),
                new XAttribute("Machine", host),
                new XElement(FaultNs.Fault + "Message", $"Access denied (namespace {denied})")));
        var fault = new XElement(Soap + "Fault",
            new XElement(Soap + "Code",
                new XElement(Soap + "Value", "s:Sender"),
                new XElement(Soap + "Subcode", new XElement(Soap + "Value", "w:AccessDenied"))),
            new XElement(Soap + "Reason", new XElement(Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "en-US"), "Access is denied.")),
            new XElement(Soap + "Detail",
                new XElement(FaultNs.Fault + "WSManFault",
                    new XAttribute(XNamespace.Xmlns + "f", FaultNs.Fault),
                    new XAttribute("Code", FaultCodes.AccessDenied),
                    new XAttribute("Machine", host),
                    new XElement(FaultNs.Fault + "Message", provider))));
        return new FakeReply(500, FakeSoap.Envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relatesTo, fault));
    }
}
