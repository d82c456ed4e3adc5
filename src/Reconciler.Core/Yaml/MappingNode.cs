using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

public sealed class MappingNode(SourceLocation location, IReadOnlyList<KeyValuePair<ScalarNode, Node>> entries) : Node(location)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, Node>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}
