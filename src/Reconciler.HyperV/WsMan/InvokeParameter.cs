namespace Reconciler.HyperV.WsMan;

/// <summary>One input parameter of a CIM method call, in the order the method's MOF declares them.</summary>
public abstract record InvokeParameter(string Name)
{
    /// <summary>The content of one <c>&lt;p:Name&gt;</c> element; arrays repeat the element.</summary>
    internal abstract IEnumerable<object> Contents();

    public static InvokeParameter Simple(string name, string value) => new SimpleParameter(name, value);

    public static InvokeParameter Reference(string name, params EndpointReference[] references) => new ReferenceParameter(name, references);

    public static InvokeParameter Embedded(string name, params CimXmlInstance[] instances) => new EmbeddedParameter(name, instances);
}
