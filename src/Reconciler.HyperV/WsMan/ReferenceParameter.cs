namespace Reconciler.HyperV.WsMan;

internal sealed record ReferenceParameter(string Name, IReadOnlyList<EndpointReference> References) : InvokeParameter(Name)
{
    internal override IEnumerable<object> Contents() => References.Select(r => (object)r.ToParameterContent().ToArray());
}
