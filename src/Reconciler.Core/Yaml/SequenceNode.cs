using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

public sealed class SequenceNode(SourceLocation location, IReadOnlyList<Node> items) : Node(location)
{
    public IReadOnlyList<Node> Items { get; } = items;

    public override string Describe() => "a list";
}
