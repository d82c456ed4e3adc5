using System.Globalization;
using System.Xml.Linq;
using static Reconciler.HyperV.WsMan.WsManNames;
using FaultNs = Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>A WinRM answer: HTTP status and envelope (or no body for 401 and 415).</summary>
public sealed record FakeReply(int Status, XDocument? Envelope, string? RawBody = null);

/// <summary>Writes response envelopes and faults in the shapes Windows uses (wsman.md §2.2, §3.1).</summary>
public static class FakeSoap
{
    public static XDocument Envelope(string action, string? relatesTo, object? body) =>
        new(new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XAttribute(XNamespace.Xmlns + "a", Addressing),
            new XAttribute(XNamespace.Xmlns + "n", Enumeration),
            new XAttribute(XNamespace.Xmlns + "w", Wsm),
            new XAttribute(XNamespace.Xmlns + "x", Transfer),
            new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XElement(Soap + "Header",
                new XElement(Addressing + "To", Anonymous),
                new XElement(Addressing + "Action", action),
                new XElement(Addressing + "MessageID", $"uuid:{Guid.NewGuid().ToString().ToUpperInvariant()}"),
                relatesTo is null ? null : new XElement(Addressing + "RelatesTo", relatesTo)),
            new XElement(Soap + "Body", body)));

    public static FakeReply Ok(string action, string? relatesTo, object? body) => new(200, Envelope(action, relatesTo, body));

    /// <summary>A fault, HTTP 500, with a WSManFault detail carrying the decimal code.</summary>
    public static FakeReply Fault(string? relatesTo, string code, string subcode, long wsmanCode, string message, string machine, int status = 500) =>
        new(status, Envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", relatesTo,
            new XElement(Soap + "Fault",
                new XElement(Soap + "Code",
                    new XElement(Soap + "Value", code),
                    new XElement(Soap + "Subcode", new XElement(Soap + "Value", subcode))),
                new XElement(Soap + "Reason", new XElement(Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "en-US"), message)),
                new XElement(Soap + "Detail",
                    new XElement(FaultNs.Fault + "WSManFault",
                        new XAttribute(XNamespace.Xmlns + "f", FaultNs.Fault),
                        new XAttribute("Code", wsmanCode.ToString(CultureInfo.InvariantCulture)),
                        new XAttribute("Machine", machine),
                        new XElement(FaultNs.Fault + "Message", message))))));
}
