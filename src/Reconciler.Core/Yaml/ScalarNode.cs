using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

public sealed class ScalarNode(SourceLocation location, string value, bool isPlain) : Node(location)
{
    public string Value { get; } = value;

    /// <summary>Unquoted; only plain scalars can be numbers, booleans or null.</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : IsPlain ? $"'{Value}'" : $"the string \"{Value}\"";
}
