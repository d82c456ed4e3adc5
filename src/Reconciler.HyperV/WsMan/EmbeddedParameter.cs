using System.Xml.Linq;

namespace Reconciler.HyperV.WsMan;

/// <summary>Embedded instances travel as CIM-XML text in CDATA (libvirt's form; escaping is equivalent XML).</summary>
internal sealed record EmbeddedParameter(string Name, IReadOnlyList<CimXmlInstance> Instances) : InvokeParameter(Name)
{
    internal override IEnumerable<object> Contents() => Instances.Select(i => (object)new XCData(i.ToText()));
}
