namespace Reconciler.Spec.Schema;

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
