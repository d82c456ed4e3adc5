using System.Xml.Linq;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// An embedded instance in DMTF CIM-XML (DSP0201, what WMI's GetText(1) writes): the text that
/// embedded-instance string parameters such as ResourceSettings and SystemSettings carry. Hosts
/// reject the WS-CIM element form there (wsman.md §2.5).
/// </summary>
public sealed record CimXmlInstance(string ClassName, IReadOnlyList<CimXmlProperty> Properties)
{
    public string? Value(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Values.Count: > 0 } p ? p.Values[0] : null;

    public IReadOnlyList<string> Values(string name) =>
        Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.Values ?? [];

    public string ToText() =>
        new XElement("INSTANCE", new XAttribute("CLASSNAME", ClassName),
            Properties.Select(p => p.IsArray
                ? new XElement("PROPERTY.ARRAY", new XAttribute("NAME", p.Name), new XAttribute("TYPE", p.Type),
                    new XElement("VALUE.ARRAY", p.Values.Select(v => new XElement("VALUE", v))))
                : new XElement("PROPERTY", new XAttribute("NAME", p.Name), new XAttribute("TYPE", p.Type),
                    p.Values.Select(v => new XElement("VALUE", v)))))
            .ToString(SaveOptions.DisableFormatting);

    /// <summary>Parses CIM-XML text; null when the text is not an INSTANCE.</summary>
    public static CimXmlInstance? TryParse(string text)
    {
        XElement root;
        try
        {
            root = XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }

        if (root.Name != "INSTANCE" || (string?)root.Attribute("CLASSNAME") is not { } className)
        {
            return null;
        }

        var properties = root.Elements()
            .Where(e => e.Name == "PROPERTY" || e.Name == "PROPERTY.ARRAY")
            .Select(e => new CimXmlProperty(
                (string?)e.Attribute("NAME") ?? "",
                (string?)e.Attribute("TYPE") ?? "string",
                e.Descendants("VALUE").Select(v => v.Value).ToList(),
                e.Name == "PROPERTY.ARRAY"))
            .ToList();
        return new CimXmlInstance(className, properties);
    }
}
