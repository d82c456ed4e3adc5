using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Reconciler.Spec.Schema;

/// <summary>
/// Generates the JSON Schema (draft 2020-12) of the GpuCluster format from <see cref="SpecSchema"/>,
/// the same description the binder reads by, so specs/schema/gpucluster.schema.json cannot drift
/// from the loader. Pure and deterministic: objects in the order they are first reached from the
/// document, fields in declaration order, 2-space indentation, "\n" line ends, a trailing newline.
/// Only keywords that draft-07 tools understand too are used (editors lag behind 2020-12).
/// </summary>
public static class JsonSchemaWriter
{
    public const string Id = "https://reconciler.dev/schemas/gpucluster.schema.json";
    public const string MetaSchema = "https://json-schema.org/draft/2020-12/schema";
    public const string PercentPattern = "^([1-9][0-9]?|100)%$";

    /// <summary>The schema of the GpuCluster document, as committed in specs/schema/gpucluster.schema.json.</summary>
    public static string Write() => Write(SpecSchema.Document);

    public static string Write(SchemaObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var options = new JsonWriterOptions { Indented = true, IndentSize = 2, NewLine = "\n", Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, options))
        {
            json.WriteStartObject();
            json.WriteString("$schema", MetaSchema);
            json.WriteString("$id", Id);
            json.WriteString("title", document.Name);
            json.WriteString("description", document.Description);
            json.WriteString("$comment", "Generated from SpecSchema by `reconciler schema`; do not edit by hand.");
            json.WriteString("$ref", Ref(document));
            json.WriteStartObject("$defs");
            foreach (var type in Reachable(document))
            {
                json.WritePropertyName(type.Name);
                WriteObject(json, type);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Every object type reachable from <paramref name="root"/>, depth first, each once; names must be unique.</summary>
    public static IReadOnlyList<SchemaObject> Reachable(SchemaObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var found = new List<SchemaObject>();
        var byName = new Dictionary<string, SchemaObject>(StringComparer.Ordinal);
        Visit(root);
        return found;

        void Visit(SchemaObject type)
        {
            if (byName.TryGetValue(type.Name, out var seen))
            {
                if (!ReferenceEquals(seen, type))
                {
                    throw new InvalidOperationException($"two schema objects are named {type.Name}; $defs needs unique names");
                }

                return;
            }

            byName.Add(type.Name, type);
            found.Add(type);
            foreach (var field in type.Fields.Where(f => f.Object is not null))
            {
                Visit(field.Object!);
            }
        }
    }

    /// <summary>
    /// The binder reads an Object field written as YAML null (<c>partition:</c>) as an empty mapping, so
    /// null is allowed exactly where an empty mapping would be valid.
    /// </summary>
    public static bool AcceptsEmpty(SchemaObject type)
    {
        ArgumentNullException.ThrowIfNull(type);
        return !type.Fields.Any(f => f.Required) && type.ExactlyOneOf.Count == 0 && type.AnyOf.Count == 0;
    }

    internal static string Ref(SchemaObject type) => $"#/$defs/{type.Name}";

    private static void WriteObject(Utf8JsonWriter json, SchemaObject type)
    {
        json.WriteStartObject();
        json.WriteString("description", type.Description);
        if (AcceptsEmpty(type))
        {
            Types(json, "object", "null");
        }
        else
        {
            json.WriteString("type", "object");
        }

        Strings(json, "required", type.Fields.Where(f => f.Required).Select(f => f.Key));
        json.WriteStartObject("properties");
        foreach (var field in type.Fields)
        {
            json.WritePropertyName(field.Key);
            WriteField(json, field);
        }

        json.WriteEndObject();
        json.WriteBoolean("additionalProperties", false);
        if (type.ExactlyOneOf.Count > 0)
        {
            // oneOf alone already means "exactly one"; the explicit `not` gives editors a clearer message.
            json.WriteStartArray("oneOf");
            foreach (var key in type.ExactlyOneOf)
            {
                json.WriteStartObject();
                Strings(json, "required", [key]);
                var others = type.ExactlyOneOf.Where(k => k != key).ToList();
                if (others.Count > 0)
                {
                    json.WriteStartObject("not");
                    if (others.Count == 1)
                    {
                        Strings(json, "required", others);
                    }
                    else
                    {
                        RequiredAlternatives(json, others);
                    }

                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (type.AnyOf.Count > 0)
        {
            RequiredAlternatives(json, type.AnyOf);
        }

        json.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter json, SchemaField field)
    {
        json.WriteStartObject();
        json.WriteString("description", field.Description);
        FieldTypeWriter.Write(json, field);
        json.WriteEndObject();
    }

    internal static void Types(Utf8JsonWriter json, params string[] types) => Strings(json, "type", types);

    internal static void Strings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in list)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary><c>"anyOf": [{"required": [a]}, {"required": [b]}, ...]</c>: at least one of the keys.</summary>
    private static void RequiredAlternatives(Utf8JsonWriter json, IEnumerable<string> keys)
    {
        json.WriteStartArray("anyOf");
        foreach (var key in keys)
        {
            json.WriteStartObject();
            Strings(json, "required", [key]);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
