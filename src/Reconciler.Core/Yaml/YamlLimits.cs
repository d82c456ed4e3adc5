namespace Reconciler.Yaml;

/// <summary>
/// Bounds that keep hostile input (huge files, deep nesting, alias bombs) to bounded time and memory.
/// The defaults leave room for a 1,000-host fleet in one file.
/// </summary>
public sealed record YamlLimits
{
    public static YamlLimits Default { get; } = new();

    public long MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    public int MaxDepth { get; init; } = 64;

    /// <summary>Nodes per document counting every alias as a full copy of what it points to.</summary>
    public long MaxExpandedNodes { get; init; } = 4_000_000;
}
