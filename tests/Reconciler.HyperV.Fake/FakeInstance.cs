using System.Xml.Linq;
using Reconciler.HyperV.WsMan;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// One CIM instance as the fake host holds it. Values are text, text arrays, null (xsi:nil),
/// references, or nested instances (embedded objects such as MSCluster PrivateProperties).
/// </summary>
public sealed class FakeInstance(string wmiNamespace, string className)
{
    private readonly List<(string Name, object? Value)> _properties = [];

    public string ClassName => className;

    public string Namespace => wmiNamespace;

    public string ClassUri => WsManNames.ClassUri(wmiNamespace, className);

    public FakeInstance With(string name, object? value)
    {
        _properties.Add((name, value));
        return this;
    }

    /// <summary>The text of a property for WQL and selector matching; __CLASS is the WMI system property naming the class.</summary>
    public string? Text(string name) => string.Equals(name, "__CLASS", StringComparison.OrdinalIgnoreCase) ? className : _properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value switch
    {
        string s => s,
        bool b => b ? "TRUE" : "FALSE",
        _ => null,
    };

    public bool Matches(IEnumerable<(string Property, string Value)> conditions) =>
        conditions.All(c => string.Equals(Text(c.Property), c.Value, StringComparison.OrdinalIgnoreCase));

    /// <summary>The typed element real hosts send for SELECT * (and in Get responses).</summary>
    public XElement ToTyped()
    {
        XNamespace p = ClassUri;
        return new XElement(p + className,
            new XAttribute(XNamespace.Xmlns + "p", p),
            new XAttribute(XNamespace.Xmlns + "cim", Cim),
            new XAttribute(Xsi + "type", $"p:{className}_Type"),
            _properties.SelectMany(prop => Elements(p, prop.Name, prop.Value)));
    }

    /// <summary>The w:XmlFragment real hosts send for an explicit property list: un-namespaced children.</summary>
    public XElement ToFragment(IReadOnlyList<string> properties) =>
        new(Wsm + "XmlFragment",
            properties.SelectMany(name => _properties.Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
                .SelectMany(p => Elements(XNamespace.None, p.Name, p.Value))));

    public EndpointReference Reference(params string[] keys) =>
        new(ClassUri, keys.Select(k => new KeyValuePair<string, string>(k, Text(k) ?? "")).ToList());

    private static IEnumerable<XElement> Elements(XNamespace ns, string name, object? value) => value switch
    {
        null => [new XElement(ns + name, new XAttribute(Xsi + "nil", "true"))],
        string[] array => array.Select(v => new XElement(ns + name, v)),
        bool b => [new XElement(ns + name, b ? "true" : "false")],
        EndpointReference reference => [new XElement(ns + name, reference.ToParameterContent())],
        FakeInstance nested => [new XElement(ns + name, nested._properties.SelectMany(p => Elements(ns, p.Name, p.Value)))],
        _ => [new XElement(ns + name, value.ToString())],
    };
}
