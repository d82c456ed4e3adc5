using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

/// <summary>One YAML document of a file; <see cref="Root"/> is null for an empty document.</summary>
public sealed record YamlDocument(string File, int Index, SourceLocation Start, Node? Root);
