namespace Reconciler.Spec.Schema;

/// <summary>The kinds of value a spec field holds.</summary>
public enum FieldKind
{
    String,
    Integer,
    Boolean,
    Object,
    ObjectList,
    EnumList,
    Enum,
    Size,
    Duration,
    CountOrPercent,
    TimeOfDay,
}

/// <summary>One key of a spec object: its type, whether it is required, and what it means.</summary>
public sealed record SchemaField(string Key, FieldKind Kind, string Description)
{
    public bool Required { get; init; }

    /// <summary>The object type for <see cref="FieldKind.Object"/> and <see cref="FieldKind.ObjectList"/>.</summary>
    public SchemaObject? Object { get; init; }

    /// <summary>The allowed spellings for <see cref="FieldKind.Enum"/> and <see cref="FieldKind.EnumList"/>.</summary>
    public IReadOnlyList<string> Values { get; init; } = [];

    public string? Pattern { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    public string? Default { get; init; }
}

/// <summary>A mapping in the spec with a fixed set of keys; anything else is an unknown key.</summary>
public sealed record SchemaObject(string Name, string Description, IReadOnlyList<SchemaField> Fields)
{
    /// <summary>Keys of which exactly one must be present (a choice between forms).</summary>
    public IReadOnlyList<string> ExactlyOneOf { get; init; } = [];

    /// <summary>Keys of which at least one must be present.</summary>
    public IReadOnlyList<string> AnyOf { get; init; } = [];

    public SchemaField? Find(string key)
    {
        // By index: foreach over the interface would allocate an enumerator on every lookup, and
        // binding a fleet spec looks up keys millions of times.
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i].Key == key)
            {
                return Fields[i];
            }
        }

        return null;
    }
}
