namespace Reconciler.HyperV.WsMan;

internal sealed record SimpleParameter(string Name, string Value) : InvokeParameter(Name)
{
    internal override IEnumerable<object> Contents() => [Value];
}
