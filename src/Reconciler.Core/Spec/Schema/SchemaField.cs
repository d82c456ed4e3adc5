namespace Reconciler.Spec.Schema;

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
