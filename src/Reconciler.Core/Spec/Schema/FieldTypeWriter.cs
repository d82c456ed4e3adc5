using System.Globalization;
using System.Text.Json;

namespace Reconciler.Spec.Schema;

/// <summary>The JSON Schema keywords of one field, by <see cref="FieldKind"/>, as the binder reads each kind.</summary>
internal static class FieldTypeWriter
{
    public static void Write(Utf8JsonWriter json, SchemaField field)
    {
        switch (field.Kind)
        {
            case FieldKind.String:
                json.WriteString("type", "string");
                Pattern(json, field.Pattern);
                break;
            case FieldKind.Integer:
                json.WriteString("type", "integer");
                Range(json, field, minimum: null);
                break;
            case FieldKind.Boolean:
                json.WriteString("type", "boolean");
                break;
            case FieldKind.Object:
                json.WriteString("$ref", JsonSchemaWriter.Ref(TypeOf(field)));
                break;
            case FieldKind.ObjectList:
                json.WriteString("type", "array");
                json.WriteStartObject("items");
                json.WriteString("$ref", JsonSchemaWriter.Ref(TypeOf(field)));
                if (JsonSchemaWriter.AcceptsEmpty(TypeOf(field)))
                {
                    json.WriteString("type", "object"); // a list item must be a mapping, even where a field may be null
                }

                json.WriteEndObject();
                break;
            case FieldKind.Enum:
                json.WriteString("type", "string");
                JsonSchemaWriter.Strings(json, "enum", Values(field));
                break;
            case FieldKind.EnumList:
                json.WriteString("type", "array");
                json.WriteNumber("minItems", 1);
                json.WriteStartObject("items");
                json.WriteString("type", "string");
                JsonSchemaWriter.Strings(json, "enum", Values(field));
                json.WriteEndObject();
                break;
            case FieldKind.Size:
                // "4GiB", "512 MiB", or a bare integer of bytes.
                JsonSchemaWriter.Types(json, "string", "integer");
                Pattern(json, field.Pattern ?? SpecSchema.SizePattern);
                Range(json, field, minimum: 0);
                break;
            case FieldKind.Duration:
                json.WriteString("type", "string");
                json.WriteNumber("minLength", 1); // the pattern alone would let "" through
                Pattern(json, field.Pattern ?? SpecSchema.DurationPattern);
                break;
            case FieldKind.TimeOfDay:
                json.WriteString("type", "string");
                Pattern(json, field.Pattern ?? SpecSchema.TimePattern);
                break;
            case FieldKind.CountOrPercent:
                JsonSchemaWriter.Types(json, "integer", "string");
                json.WriteStartArray("oneOf");
                json.WriteStartObject();
                json.WriteString("type", "integer");
                Range(json, field, minimum: 1);
                json.WriteEndObject();
                json.WriteStartObject();
                json.WriteString("type", "string");
                Pattern(json, field.Pattern ?? JsonSchemaWriter.PercentPattern);
                json.WriteEndObject();
                json.WriteEndArray();
                break;
            default:
                throw new InvalidOperationException($"field {field.Key} has kind {field.Kind}, which the JSON Schema writer does not know");
        }

        Default(json, field);
    }

    private static SchemaObject TypeOf(SchemaField field) =>
        field.Object ?? throw new InvalidOperationException($"field {field.Key} is a {field.Kind} without an object type");

    private static IReadOnlyList<string> Values(SchemaField field) =>
        field.Values.Count > 0 ? field.Values : throw new InvalidOperationException($"enum field {field.Key} lists no values");

    private static void Pattern(Utf8JsonWriter json, string? pattern)
    {
        if (pattern is not null)
        {
            json.WriteString("pattern", pattern);
        }
    }

    private static void Range(Utf8JsonWriter json, SchemaField field, long? minimum)
    {
        if ((field.Minimum ?? minimum) is { } min)
        {
            json.WriteNumber("minimum", min);
        }

        if (field.Maximum is { } max)
        {
            json.WriteNumber("maximum", max);
        }
    }

    /// <summary>Defaults are kept as text in the model; here they get the JSON type the field reads.</summary>
    private static void Default(Utf8JsonWriter json, SchemaField field)
    {
        if (field.Default is not { } text)
        {
            return;
        }

        var isNumber = long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number);
        switch (field.Kind)
        {
            case FieldKind.Boolean:
                json.WriteBoolean("default", bool.Parse(text));
                break;
            case FieldKind.Integer or FieldKind.Size or FieldKind.CountOrPercent when isNumber:
                json.WriteNumber("default", number);
                break;
            case FieldKind.Integer:
                throw new InvalidOperationException($"integer field {field.Key} has the default '{text}', which is not a whole number");
            default:
                json.WriteString("default", text);
                break;
        }
    }
}
