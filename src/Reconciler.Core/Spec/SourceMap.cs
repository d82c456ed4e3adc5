using System.Collections.Frozen;
using Reconciler.Diagnostics;

namespace Reconciler.Spec;

/// <summary>
/// Where a spec object and each of its fields were written. Location is metadata, not part of
/// the value: two objects that differ only in where they were written compare equal.
/// </summary>
public sealed class SourceMap : IEquatable<SourceMap>
{
    private readonly FrozenDictionary<string, SourceLocation> _fields;

    public SourceMap(SourceLocation location, IReadOnlyDictionary<string, SourceLocation>? fields = null)
    {
        Location = location;
        _fields = (fields ?? new Dictionary<string, SourceLocation>()).ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Where the object itself starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>Where the value of <paramref name="field"/> was written, or the object when it was not.</summary>
    public SourceLocation this[string field] => _fields.TryGetValue(field, out var at) ? at : Location;

    /// <summary>Whether <paramref name="field"/> was written (with a value) in the source.</summary>
    public bool Has(string field) => _fields.ContainsKey(field);

    public static SourceMap None { get; } = new(SourceLocation.None("<none>"));

    public bool Equals(SourceMap? other) => other is not null;

    public override bool Equals(object? obj) => obj is SourceMap;

    public override int GetHashCode() => 0;
}
