using System.Xml.Linq;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.WsMan;

/// <summary>A reference to one CIM instance: its class resource URI and key selectors.</summary>
public sealed record EndpointReference(string ResourceUri, IReadOnlyList<KeyValuePair<string, string>> Selectors)
{
    public string? Selector(string name) =>
        Selectors.FirstOrDefault(s => string.Equals(s.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    /// <summary>
    /// The parameter form real hosts accept: Address and ReferenceParameters directly under the
    /// parameter element, never wrapped in a:EndpointReference (a real host answers the wrapper
    /// with SchemaValidationError, wsman.md §2.5).
    /// </summary>
    public IEnumerable<XElement> ToParameterContent() =>
    [
        new XElement(Addressing + "Address", Anonymous),
        new XElement(Addressing + "ReferenceParameters",
            new XElement(Wsm + "ResourceURI", ResourceUri),
            SelectorSetElement(Selectors)),
    ];

    public static XElement SelectorSetElement(IEnumerable<KeyValuePair<string, string>> selectors) =>
        new(Wsm + "SelectorSet", selectors.Select(s => new XElement(Wsm + "Selector", new XAttribute("Name", s.Key), s.Value)));

    /// <summary>Reads a reference held by <paramref name="element"/>, wrapped in a:EndpointReference or not (hosts and fixtures differ).</summary>
    public static EndpointReference? TryRead(XElement element)
    {
        var parameters = element.Element(Addressing + "ReferenceParameters")
            ?? element.Element(Addressing + "EndpointReference")?.Element(Addressing + "ReferenceParameters");
        if (parameters is null)
        {
            return null;
        }

        var uri = parameters.Element(Wsm + "ResourceURI")?.Value.Trim() ?? "";
        return new EndpointReference(uri, ReadSelectors(parameters.Element(Wsm + "SelectorSet")));
    }

    public static IReadOnlyList<KeyValuePair<string, string>> ReadSelectors(XElement? selectorSet) =>
        selectorSet?.Elements(Wsm + "Selector")
            .Select(s => new KeyValuePair<string, string>((string?)s.Attribute("Name") ?? "", s.Value))
            .ToList() ?? [];
}
