using System.Globalization;
using System.Xml.Linq;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// One CIM instance as WinRM returns it: string values per property (arrays repeat the element;
/// null is no value), references as <see cref="EndpointReference"/>s, and nested objects
/// flattened to "Outer.Inner" names.
/// </summary>
public sealed class CimInstance(string className)
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, EndpointReference> _references = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<CimInstance>> _nested = new(StringComparer.OrdinalIgnoreCase);

    public string ClassName { get; } = className;

    public IEnumerable<string> PropertyNames => _values.Keys;

    public string? String(string name) => _values.TryGetValue(name, out var v) && v.Count > 0 ? v[0] : null;

    public IReadOnlyList<string> Strings(string name) => _values.TryGetValue(name, out var v) ? v : [];

    public ulong? UInt64(string name) =>
        String(name) is { } text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public int? Int(string name) =>
        String(name) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public bool? Bool(string name) => String(name) is { } text ? string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) : null;

    public EndpointReference? Reference(string name) => _references.GetValueOrDefault(name);

    /// <summary>
    /// Embedded objects of a property, one per element: WinRM writes an embedded instance (or an
    /// array of them, such as GetDeviceProperties' deviceProperties) as nested elements, which the
    /// flattened "Outer.Inner" values cannot keep apart.
    /// </summary>
    public IReadOnlyList<CimInstance> Nested(string name) => _nested.TryGetValue(name, out var list) ? list : [];

    /// <summary>The element this instance was read from, for writing it back whole (read, change, Put).</summary>
    public XElement? Source { get; private set; }

    /// <summary>
    /// A copy of the element this instance was read from with one property set ("A.B" for a
    /// property of an embedded object), for a Put of the whole instance: read, change, write back.
    /// </summary>
    public XElement Changed(string name, string value)
    {
        var copy = new XElement(Source ?? throw new InvalidOperationException($"{ClassName} was not read from a host, so it cannot be written back whole"));
        var parent = copy;
        var parts = name.Split('.');
        foreach (var part in parts[..^1])
        {
            parent = parent.Elements().FirstOrDefault(e => e.Name.LocalName == part)
                ?? throw new InvalidOperationException($"{ClassName} has no {part} to change {name} in");
        }

        var element = parent.Elements().FirstOrDefault(e => e.Name.LocalName == parts[^1]);
        if (element is null)
        {
            parent.Add(new XElement(parent.Name.Namespace + parts[^1], value));
        }
        else
        {
            element.Attribute(Xsi + "nil")?.Remove();
            element.Value = value;
        }

        return copy;
    }

    public CimInstance Set(string name, params string?[] values)
    {
        _values[name] = values.Where(v => v is not null).Select(v => v!).ToList();
        return this;
    }

    public CimInstance SetReference(string name, EndpointReference reference)
    {
        _references[name] = reference;
        return this;
    }

    /// <summary>
    /// Reads an item: a typed element (<c>SELECT *</c>: <c>&lt;p:Class xsi:type=…&gt;</c>), a
    /// <c>w:XmlFragment</c> (explicit property list: un-namespaced children, class taken from the
    /// query), a <c>w:Item</c> wrapping either, or an output element such as <c>p:Method_OUTPUT</c>.
    /// </summary>
    public static CimInstance? Read(XElement item, string fallbackClass)
    {
        if (item.Name == Wsm + "Item")
        {
            var inner = item.Elements().FirstOrDefault(e => e.Name != Addressing + "EndpointReference");
            return inner is null ? null : Read(inner, fallbackClass);
        }

        if (item.Name == Addressing + "EndpointReference")
        {
            return null; // EPR-only items carry no properties
        }

        var instance = new CimInstance(item.Name == Wsm + "XmlFragment" ? fallbackClass : item.Name.LocalName) { Source = item };
        foreach (var property in item.Elements())
        {
            instance.ReadProperty(property.Name.LocalName, property);
        }

        return instance;
    }

    private void ReadProperty(string name, XElement property)
    {
        if ((bool?)property.Attribute(Xsi + "nil") == true)
        {
            _values.TryAdd(name, []);
            return;
        }

        if (EndpointReference.TryRead(property) is { } reference)
        {
            _references[name] = reference;
            return;
        }

        var children = property.Elements().ToList();
        if (children.Count == 1 && children[0].Name.Namespace == Cim)
        {
            Add(name, children[0].Value); // cim:Datetime, cim:Interval
            return;
        }

        if (children.Count > 0)
        {
            var nested = new CimInstance(name) { Source = property };
            foreach (var child in children)
            {
                nested.ReadProperty(child.Name.LocalName, child);
            }

            if (!_nested.TryGetValue(name, out var list))
            {
                _nested[name] = list = [];
            }

            list.Add(nested);
            foreach (var child in children)
            {
                ReadProperty($"{name}.{child.Name.LocalName}", child);
            }

            return;
        }

        Add(name, property.Value);
    }

    private void Add(string name, string value)
    {
        if (!_values.TryGetValue(name, out var list))
        {
            _values[name] = list = [];
        }

        list.Add(value);
    }
}
