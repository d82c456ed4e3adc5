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
