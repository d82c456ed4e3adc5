using Reconciler.Diagnostics;

namespace Reconciler.Spec;

/// <summary>
/// Where a spec object and each of its fields were written. Location is metadata, not part of
/// the value: two objects that differ only in where they were written compare equal.
/// </summary>
public sealed class SourceMap : IEquatable<SourceMap>
{
    // A handful of fields per object, read only to place an error: an array beats a dictionary here.
    private readonly KeyValuePair<string, SourceLocation>[] _fields;

    public SourceMap(SourceLocation location, IEnumerable<KeyValuePair<string, SourceLocation>>? fields = null)
    {
        Location = location;
        _fields = fields is null ? [] : [.. fields];
    }

    private SourceMap(SourceLocation location, KeyValuePair<string, SourceLocation>[] fields)
    {
        Location = location;
        _fields = fields;
    }

    /// <summary>A map that keeps <paramref name="fields"/> itself rather than a copy; the caller gives it up.</summary>
    internal static SourceMap Of(SourceLocation location, KeyValuePair<string, SourceLocation>[] fields) => new(location, fields);

    /// <summary>Where the object itself starts.</summary>
    public SourceLocation Location { get; }

    /// <summary>Where the value of <paramref name="field"/> was written, or the object when it was not.</summary>
    public SourceLocation this[string field] => Find(field) is { } at ? at : Location;

    /// <summary>Whether <paramref name="field"/> was written (with a value) in the source.</summary>
    public bool Has(string field) => Find(field) is not null;

    private SourceLocation? Find(string field)
    {
        foreach (var (key, at) in _fields)
        {
            if (key == field)
            {
                return at;
            }
        }

        return null;
    }

    public static SourceMap None { get; } = new(SourceLocation.None("<none>"));

    public bool Equals(SourceMap? other) => other is not null;

    public override bool Equals(object? obj) => obj is SourceMap;

    public override int GetHashCode() => 0;
}
