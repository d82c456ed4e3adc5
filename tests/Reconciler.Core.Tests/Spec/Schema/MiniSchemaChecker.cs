using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reconciler.Tests.Spec.Schema;

/// <summary>
/// Just enough of JSON Schema to check instances against gpucluster.schema.json: type, enum, pattern,
/// minimum/maximum, minLength, minItems, required, properties, additionalProperties: false, items,
/// $ref into $defs, oneOf, anyOf, not. A keyword it does not know fails loudly, so the writer cannot
/// start using one the tests would silently skip.
/// </summary>
internal sealed class MiniSchemaChecker(JsonObject root)
{
    private static readonly HashSet<string> Annotations = ["$schema", "$id", "$comment", "title", "description", "default", "$defs"];

    public IReadOnlyList<string> Check(JsonNode? instance) => Check(root, instance);

    public IReadOnlyList<string> Check(JsonObject schema, JsonNode? instance)
    {
        var errors = new List<string>();
        Check(schema, instance, "$", errors);
        return errors;
    }

    private void Check(JsonObject schema, JsonNode? value, string path, List<string> errors)
    {
        foreach (var (keyword, argument) in schema)
        {
            switch (keyword)
            {
                case var annotation when Annotations.Contains(annotation):
                    break;
                case "$ref":
                    Check(Resolve((string)argument!), value, path, errors);
                    break;
                case "type":
                    var types = argument is JsonArray list ? list.Select(t => (string)t!).ToList() : [(string)argument!];
                    if (!types.Exists(t => IsType(value, t)))
                    {
                        errors.Add($"{path}: expected {string.Join(" or ", types)}, got {Kind(value)}");
                    }

                    break;
                case "enum":
                    if (!argument!.AsArray().Any(e => JsonNode.DeepEquals(e, value)))
                    {
                        errors.Add($"{path}: {value?.ToJsonString()} is not one of {argument.ToJsonString()}");
                    }

                    break;
                case "pattern":
                    if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String && !Regex.IsMatch((string)text!, (string)argument!, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        errors.Add($"{path}: '{(string)text!}' does not match pattern {(string)argument!}");
                    }

                    break;
                case "minLength" when value is JsonValue str && str.GetValueKind() == JsonValueKind.String && ((string)str!).Length < (int)argument!:
                    errors.Add($"{path}: shorter than {(int)argument!}");
                    break;
                case "minimum" when IsType(value, "number") && Number(value) < Number(argument):
                    errors.Add($"{path}: {value} is less than the minimum {argument}");
                    break;
                case "maximum" when IsType(value, "number") && Number(value) > Number(argument):
                    errors.Add($"{path}: {value} is more than the maximum {argument}");
                    break;
                case "minItems" when value is JsonArray items && items.Count < (int)argument!:
                    errors.Add($"{path}: has {items.Count} items, fewer than {(int)argument!}");
                    break;
                case "minLength" or "minimum" or "maximum" or "minItems":
                    break;
                case "required" when value is JsonObject obj:
                    foreach (var name in argument!.AsArray().Select(n => (string)n!).Where(n => !obj.ContainsKey(n)))
                    {
                        errors.Add($"{path}: missing required property '{name}'");
                    }

                    break;
                case "properties" when value is JsonObject obj:
                    foreach (var (name, propertySchema) in argument!.AsObject().Where(p => obj.ContainsKey(p.Key)))
                    {
                        Check(propertySchema!.AsObject(), obj[name], $"{path}.{name}", errors);
                    }

                    break;
                case "additionalProperties" when value is JsonObject obj:
                    if (argument!.GetValueKind() != JsonValueKind.False)
                    {
                        throw new NotSupportedException("only additionalProperties: false is supported");
                    }

                    var known = schema["properties"]?.AsObject() ?? [];
                    foreach (var (name, _) in obj.Where(p => !known.ContainsKey(p.Key)))
                    {
                        errors.Add($"{path}: unknown property '{name}'");
                    }

                    break;
                case "items" when value is JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        Check(argument!.AsObject(), array[i], $"{path}[{i}]", errors);
                    }

                    break;
                case "required" or "properties" or "additionalProperties" or "items":
                    break;
                case "oneOf":
                    var matching = argument!.AsArray().Count(s => Check(s!.AsObject(), value).Count == 0);
                    if (matching != 1)
                    {
                        errors.Add($"{path}: matches {matching} of the oneOf alternatives, not exactly one");
                    }

                    break;
                case "anyOf":
                    if (!argument!.AsArray().Any(s => Check(s!.AsObject(), value).Count == 0))
                    {
                        errors.Add($"{path}: matches none of the anyOf alternatives");
                    }

                    break;
                case "not":
                    if (Check(argument!.AsObject(), value).Count == 0)
                    {
                        errors.Add($"{path}: matches a schema it must not match: {argument.ToJsonString()}");
                    }

                    break;
                default:
                    throw new NotSupportedException($"the test checker does not know the keyword '{keyword}'");
            }
        }
    }

    private JsonObject Resolve(string reference)
    {
        const string prefix = "#/$defs/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"only local $defs references are supported, not {reference}");
        }

        return root["$defs"]?[reference[prefix.Length..]]?.AsObject() ?? throw new InvalidOperationException($"dangling $ref {reference}");
    }

    private static bool IsType(JsonNode? value, string type) => type switch
    {
        "null" => value is null,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "string" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Math.Floor(Number(v)) == Number(v),
        _ => throw new NotSupportedException($"unknown type {type}"),
    };

    private static double Number(JsonNode? node) => double.Parse(node!.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Kind(JsonNode? value) => value is null ? "null" : value.GetValueKind().ToString().ToLowerInvariant();
}
