using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

/// <summary>
/// A YAML node that remembers where it came from. Our own small tree, rather than YamlDotNet's
/// representation model, so that duplicate keys, depth and alias expansion are ours to bound
/// and every value keeps its line and column for error messages.
/// </summary>
public abstract class Node(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>What a user would call this kind of value in an error message.</summary>
    public abstract string Describe();
}

public sealed class ScalarNode(SourceLocation location, string value, bool isPlain) : Node(location)
{
    public string Value { get; } = value;

    /// <summary>Unquoted; only plain scalars can be numbers, booleans or null.</summary>
    public bool IsPlain { get; } = isPlain;

    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Describe() => IsNull ? "null" : IsPlain ? $"'{Value}'" : $"the string \"{Value}\"";
}

public sealed class MappingNode(SourceLocation location, IReadOnlyList<KeyValuePair<ScalarNode, Node>> entries) : Node(location)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, Node>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}

public sealed class SequenceNode(SourceLocation location, IReadOnlyList<Node> items) : Node(location)
{
    public IReadOnlyList<Node> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>One YAML document of a file; <see cref="Root"/> is null for an empty document.</summary>
public sealed record YamlDocument(string File, int Index, SourceLocation Start, Node? Root);
