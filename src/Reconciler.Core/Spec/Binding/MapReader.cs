using System.Globalization;
using System.Text.RegularExpressions;
using Reconciler.Diagnostics;
using Reconciler.Spec.Schema;
using Reconciler.Text;
using Reconciler.Yaml;

namespace Reconciler.Spec.Binding;

/// <summary>
/// Reads one YAML mapping against its <see cref="SchemaObject"/>: reports unknown keys (with a
/// suggestion), missing required keys and wrong types, and hands out typed values. A value that
/// fails its check is reported once and read as absent, so binding carries on and finds the rest.
/// </summary>
public sealed class MapReader
{
    private readonly MappingNode _node;
    private readonly SchemaObject _schema;
    private readonly DiagnosticBag _diagnostics;
    // Spec mappings hold a few keys, already without duplicates (the tree reader drops them): the
    // entries are searched in place, with no dictionary or copy per mapping.
    private readonly IReadOnlyList<KeyValuePair<ScalarNode, Node>> _entries;
    // The path is only needed for messages, so it is made when first asked for: from the parent
    // and key (Object), or from the list and index (Item), or given.
    private readonly MapReader? _parent;
    private readonly string? _segment;
    private readonly int _index;
    private string? _path;

    public MapReader(MappingNode node, SchemaObject schema, DiagnosticBag diagnostics, string path)
        : this(node, schema, diagnostics, path, null, null, -1)
    {
    }

    private MapReader(MappingNode node, SchemaObject schema, DiagnosticBag diagnostics, string? path, MapReader? parent, string? segment, int index)
    {
        _node = node;
        _schema = schema;
        _diagnostics = diagnostics;
        _path = path;
        _parent = parent;
        _segment = segment;
        _index = index;
        _entries = node.Entries;
        for (var i = 0; i < _entries.Count; i++)
        {
            var key = _entries[i].Key;
            if (schema.Find(key.Value) is null)
            {
                var hint = key.Value == "<<"
                    ? "; YAML merge keys are not supported, write the fields out"
                    : DidYouMean.Hint(key.Value, schema.Fields.Select(f => f.Key));
                diagnostics.Add(Codes.UnknownKey, key.Location,
                    $"unknown key '{key.Value}' in {Describe()}{hint} (allowed: {string.Join(", ", schema.Fields.Select(f => f.Key))})");
            }
        }

        var fields = schema.Fields;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.Required && !TryGetValue(field, out _))
            {
                diagnostics.Add(Codes.Required, node.Location, $"{Describe()} is missing required key '{field.Key}' ({field.Description.TrimEnd('.')})");
            }
        }
    }

    /// <summary>A readable path to this mapping for messages, e.g. "hosts[hv-01].gpus[0]".</summary>
    public string Path => _path ??= _parent is not null ? $"{_parent.Path}.{_segment}".TrimStart('.') : $"{_segment}[{_index}]";

    public SourceLocation Location => _node.Location;

    public DiagnosticBag Diagnostics => _diagnostics;

    public bool Has(string key) => TryGetValue(Field(key)!, out _);

    /// <summary>Whether <paramref name="key"/> holds a list (as opposed to being absent or of another type).</summary>
    public bool HasList(string key) => TryGetValue(Field(key)!, out var node) && node is SequenceNode;

    public SourceLocation At(string key) => TryGetValue(Field(key)!, out var node) ? node.Location : _node.Location;

    public SourceMap Source()
    {
        var count = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            count += Holds(_entries[i]) ? 1 : 0;
        }

        var fields = new KeyValuePair<string, SourceLocation>[count];
        count = 0;
        for (var i = 0; i < _entries.Count; i++)
        {
            if (Holds(_entries[i]))
            {
                fields[count++] = new(_entries[i].Key.Value, _entries[i].Value.Location);
            }
        }

        return SourceMap.Of(_node.Location, fields);
    }

    /// <summary>Whether an entry holds a value: its key is known and it is not `key:` with nothing after it.</summary>
    private bool Holds(KeyValuePair<ScalarNode, Node> entry) =>
        _schema.Find(entry.Key.Value) is { } field && IsValue(field, entry.Value);

    // `key:` with no value reads as absent, except for a mapping, where it reads as an empty one.
    private static bool IsValue(SchemaField field, Node value) => value is not ScalarNode { IsNull: true } || field.Kind == FieldKind.Object;

    private bool TryGetValue(SchemaField field, out Node node)
    {
        for (var i = 0; i < _entries.Count; i++)
        {
            if (_entries[i].Key.Value == field.Key && IsValue(field, _entries[i].Value))
            {
                node = _entries[i].Value;
                return true;
            }
        }

        node = null!;
        return false;
    }

    public string? String(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return null;
        }

        if (node is not ScalarNode scalar)
        {
            return TypeError(key, node, "a text value");
        }

        return scalar.Value;
    }

    public long? Integer(string key)
    {
        var field = Field(key)!;
        if (!TryGetValue(field, out var node))
        {
            return null;
        }

        if (node is not ScalarNode { IsPlain: true } scalar || !long.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return TypeError<long>(key, node, "a whole number");
        }

        if (value < field.Minimum || value > field.Maximum)
        {
            _diagnostics.Add(Codes.OutOfRange, node.Location, $"{key} {value} is out of range; it must be {RangeText(field)}");
            return null;
        }

        return value;
    }

    /// <summary>
    /// A whole number that the model holds as an <see cref="int"/> (counts): larger values are out
    /// of range rather than cut to their low 32 bits (4294967300 must not read as 4).
    /// </summary>
    public int? Int32(string key)
    {
        var value = Integer(key);
        if (value is > int.MaxValue or < int.MinValue)
        {
            var field = Field(key)!;
            _diagnostics.Add(Codes.OutOfRange, At(key),
                $"{key} {value} is out of range; it must be {RangeText(field with { Maximum = field.Maximum ?? int.MaxValue })}");
            return null;
        }

        return (int?)value;
    }

    public bool? Boolean(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return null;
        }

        if (node is ScalarNode { IsPlain: true } scalar)
        {
            switch (scalar.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        return TypeError<bool>(key, node, "true or false");
    }

    /// <summary>An enum written in camelCase (the schema's spelling of the member names).</summary>
    public T? Enum<T>(string key)
        where T : struct, Enum
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        foreach (var (name, value) in EnumSpelling<T>.Values)
        {
            if (name == text)
            {
                return value;
            }
        }

        var allowed = SpecSchema.EnumValues<T>();
        _diagnostics.Add(Codes.InvalidEnum, At(key),
            $"{key} '{text}' is not allowed{DidYouMean.Hint(text, allowed)} (allowed: {string.Join(", ", allowed)})");
        return null;
    }

    public ByteSize? Size(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return null;
        }

        if (node is ScalarNode scalar && ByteSize.TryParse(scalar.Value, out var size))
        {
            return size;
        }

        _diagnostics.Add(Codes.InvalidSize, node.Location, $"{key} {node.Describe()} {SizeAdvice(node)}");
        return null;
    }

    /// <summary>
    /// Why a size did not parse. "3.8GiB" has a number and a unit but is not a whole number of
    /// bytes: telling the user to "write a number and a unit" would send them in a circle.
    /// </summary>
    private static string SizeAdvice(Node node)
    {
        var text = node is ScalarNode scalar ? scalar.Value.Trim() : "";
        if (!Regex.IsMatch(text, SpecSchema.SizePattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            return $"is not a size; write a number and a unit like 4GiB or 512MiB (units: {ByteSize.UnitList})";
        }

        return text.Contains('.', StringComparison.Ordinal)
            ? "is not a whole number of bytes; write a whole number of a smaller unit, e.g. 3891MiB rather than 3.8GiB"
            : "is too large";
    }

    public TimeSpan? Duration(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return null;
        }

        if (node is ScalarNode scalar && DurationText.TryParse(scalar.Value, out var duration))
        {
            return duration;
        }

        _diagnostics.Add(Codes.InvalidDuration, node.Location,
            $"{key} {node.Describe()} is not a duration; write it like 90s, 5m, 1h or 1h30m");
        return null;
    }

    /// <summary>The nested mapping at <paramref name="key"/>; an empty `key:` reads as an empty mapping.</summary>
    public MapReader? Object(string key)
    {
        var field = Field(key)!;
        if (!TryGetValue(field, out var node))
        {
            return null;
        }

        if (node is ScalarNode { IsNull: true })
        {
            node = new MappingNode(node.Location, []);
        }

        if (node is not MappingNode mapping)
        {
            TypeError(key, node, "a mapping of keys to values");
            return null;
        }

        return new MapReader(mapping, field.Object!, _diagnostics, null, this, key, -1);
    }

    /// <summary>The items of the list at <paramref name="key"/>, each with its index.</summary>
    public IReadOnlyList<(Node Item, int Index)> List(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return [];
        }

        if (node is not SequenceNode sequence)
        {
            TypeError(key, node, "a list");
            return [];
        }

        return [.. sequence.Items.Select((item, index) => (item, index))];
    }

    /// <summary>The items of the list at <paramref name="key"/> as written, without copying them.</summary>
    internal IReadOnlyList<Node> Items(string key)
    {
        if (!TryGetValue(Field(key)!, out var node))
        {
            return [];
        }

        if (node is not SequenceNode sequence)
        {
            TypeError(key, node, "a list");
            return [];
        }

        return sequence.Items;
    }

    /// <summary>Reads a list item as a mapping of <paramref name="schema"/>, reporting anything else.</summary>
    public MapReader? Item(Node item, SchemaObject schema, string path)
    {
        if (item is MappingNode mapping)
        {
            return new MapReader(mapping, schema, _diagnostics, path);
        }

        _diagnostics.Add(Codes.WrongType, item.Location, $"{path} must be a mapping, got {item.Describe()}");
        return null;
    }

    /// <summary>
    /// <see cref="Item(Node, SchemaObject, string)"/> with the path <c>list[index]</c>, made only if
    /// a message needs it: a fleet spec has tens of thousands of items and few mistakes.
    /// </summary>
    internal MapReader? Item(Node item, SchemaObject schema, string list, int index)
    {
        if (item is MappingNode mapping)
        {
            return new MapReader(mapping, schema, _diagnostics, null, null, list, index);
        }

        _diagnostics.Add(Codes.WrongType, item.Location, $"{list}[{index}] must be a mapping, got {item.Describe()}");
        return null;
    }

    public void Report(DiagnosticCode code, string key, string message) => _diagnostics.Add(code, At(key), message);

    private string Describe() => Path.Length == 0 ? "the document" : Path;

    private static string RangeText(SchemaField field) => (field.Minimum, field.Maximum) switch
    {
        ({ } min, { } max) => $"between {min} and {max}",
        ({ } min, null) => $"at least {min}",
        (null, { } max) => $"at most {max}",
        _ => "valid",
    };

    private SchemaField? Field(string key) =>
        _schema.Find(key) ?? throw new InvalidOperationException($"binder reads '{key}', which {_schema.Name} does not declare");

    private string? TypeError(string key, Node node, string expected)
    {
        _diagnostics.Add(Codes.WrongType, node.Location, $"{key} must be {expected}, got {node.Describe()}");
        return null;
    }

    private T? TypeError<T>(string key, Node node, string expected)
        where T : struct
    {
        TypeError(key, node, expected);
        return null;
    }
}
