using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.WsMan;

/// <summary>Builds request envelopes with the header block every WinRM client sends (wsman.md §1.4).</summary>
internal static class Envelope
{
    public const int MaxEnvelopeSize = 512000;

    public static XDocument Build(
        Uri to,
        string resourceUri,
        string action,
        string messageId,
        TimeSpan operationTimeout,
        IEnumerable<KeyValuePair<string, string>>? selectors,
        object? body)
    {
        var mustUnderstand = new XAttribute(Soap + "mustUnderstand", "true");
        var header = new XElement(Soap + "Header",
            new XElement(Addressing + "To", to.ToString()),
            new XElement(Wsm + "ResourceURI", mustUnderstand, resourceUri),
            new XElement(Addressing + "ReplyTo", new XElement(Addressing + "Address", mustUnderstand, Anonymous)),
            new XElement(Addressing + "Action", mustUnderstand, action),
            new XElement(Wsm + "MaxEnvelopeSize", mustUnderstand, MaxEnvelopeSize.ToString(CultureInfo.InvariantCulture)),
            new XElement(Addressing + "MessageID", messageId),
            new XElement(Wsm + "Locale", new XAttribute(XNamespace.Xml + "lang", "en-US"), new XAttribute(Soap + "mustUnderstand", "false")),
            new XElement(MsWsMan + "DataLocale", new XAttribute(XNamespace.Xml + "lang", "en-US"), new XAttribute(Soap + "mustUnderstand", "false")),
            new XElement(Wsm + "OperationTimeout", XmlConvert.ToString(operationTimeout)));
        if (selectors is not null)
        {
            header.Add(EndpointReference.SelectorSetElement(selectors));
        }

        return new XDocument(new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", Soap),
            new XAttribute(XNamespace.Xmlns + "a", Addressing),
            new XAttribute(XNamespace.Xmlns + "n", Enumeration),
            new XAttribute(XNamespace.Xmlns + "w", Wsm),
            new XAttribute(XNamespace.Xmlns + "p", MsWsMan),
            header,
            new XElement(Soap + "Body", body)));
    }

    /// <summary>The Enumerate body: OptimizeEnumeration, then MaxElements, then the WQL filter (openwsman's order).</summary>
    public static XElement Enumerate(string wql, int maxElements) =>
        new(Enumeration + "Enumerate",
            new XElement(Wsm + "OptimizeEnumeration"),
            new XElement(Wsm + "MaxElements", maxElements.ToString(CultureInfo.InvariantCulture)),
            new XElement(Wsm + "Filter", new XAttribute("Dialect", WqlDialect), wql));

    public static XElement Pull(string context, int maxElements) =>
        new(Enumeration + "Pull",
            new XElement(Enumeration + "EnumerationContext", context),
            new XElement(Enumeration + "MaxElements", maxElements.ToString(CultureInfo.InvariantCulture)));

    public static XElement Release(string context) =>
        new(Enumeration + "Release", new XElement(Enumeration + "EnumerationContext", context));

    /// <summary><c>&lt;p:Method_INPUT xmlns:p="class URI"&gt;</c> with one element per parameter value.</summary>
    public static XElement Invoke(string classUri, string method, IEnumerable<InvokeParameter> parameters)
    {
        XNamespace p = classUri;
        return new XElement(p + $"{method}_INPUT",
            new XAttribute(XNamespace.Xmlns + "p", p),
            parameters.SelectMany(parameter => parameter.Contents().Select(content => new XElement(p + parameter.Name, content))));
    }
}
