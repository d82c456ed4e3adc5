using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

/// <summary>An open collection: where it starts, and where its children start in the shared list.</summary>
internal struct Frame(SourceLocation location, string anchor, bool isMapping, int start)
{
    public readonly SourceLocation Location = location;

    /// <summary>The anchor the collection defines, or "".</summary>
    public readonly string Anchor = anchor;

    public readonly bool IsMapping = isMapping;

    public readonly int Start = start;

    /// <summary>Expanded size of the children so far.</summary>
    public long Weight;
}
