namespace Reconciler.HyperV.WsMan;

/// <summary>One property of an embedded instance: CIM type name and values (several for an array).</summary>
public sealed record CimXmlProperty(string Name, string Type, IReadOnlyList<string> Values, bool IsArray = false);
