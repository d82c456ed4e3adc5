using Reconciler.Spec.Schema;

namespace Reconciler.Tests.Docs;

/// <summary>
/// The field table of each spec object as docs/spec.md shows it, rendered from <see cref="SpecSchema"/>
/// so the reference cannot drift from the code.
/// </summary>
internal static class SpecFieldTables
{
    public static string Render(SchemaObject type)
    {
        var lines = new List<string>
        {
            "| Field | Type | Required | Default | Meaning |",
            "| --- | --- | --- | --- | --- |",
        };
        lines.AddRange(type.Fields.Select(f =>
            $"| `{f.Key}` | {TypeText(f)} | {(f.Required ? "yes" : "")} | {(f.Default is { } d ? $"`{d}`" : "")} | {f.Description.Replace("|", "\\|", StringComparison.Ordinal)} |"));
        if (type.ExactlyOneOf.Count > 0)
        {
            lines.Add("");
            lines.Add($"Exactly one of {Keys(type.ExactlyOneOf)}.");
        }

        if (type.AnyOf.Count > 0)
        {
            lines.Add("");
            lines.Add($"At least one of {Keys(type.AnyOf)}.");
        }

        if (JsonSchemaWriter.AcceptsEmpty(type))
        {
            lines.Add("");
            lines.Add("*May be empty*: every field is optional, and the key written with no value means `{}`.");
        }

        return string.Join("\n", lines);
    }

    /// <summary>GitHub's heading anchor for an object's section (its heading is the object's name).</summary>
    public static string Anchor(string heading) =>
        new([.. heading.ToLowerInvariant().Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').Select(c => c == ' ' ? '-' : c)]);

    private static string Keys(IEnumerable<string> keys) => string.Join(", ", keys.Select(k => $"`{k}`"));

    private static string TypeText(SchemaField field) => field.Kind switch
    {
        FieldKind.String => field.Pattern switch
        {
            null => "string",
            SpecSchema.NamePattern => "[name](#names)",
            SpecSchema.HostNamePattern => "[host name](#names)",
            SpecSchema.ClusterNamePattern => "[cluster name](#names)",
            SpecSchema.LocationPathPattern => "[location path](#location-paths)",
            SpecSchema.DriverPattern => "[driver version](#driver-versions)",
            _ => throw new InvalidOperationException($"{field.Key} has a pattern docs/spec.md does not describe yet; add a format section and a case here"),
        },
        FieldKind.Integer => field.Maximum is { } max ? $"integer, {field.Minimum ?? long.MinValue} to {max}" : field.Minimum is { } min ? $"integer, at least {min}" : "integer",
        FieldKind.Boolean => "`true` or `false`",
        FieldKind.Object => $"[{field.Object!.Name}](#{Anchor(field.Object.Name)})",
        FieldKind.ObjectList => $"list of [{field.Object!.Name}](#{Anchor(field.Object.Name)})",
        FieldKind.Enum when field.Values.Count == 1 => $"`{field.Values[0]}`",
        FieldKind.Enum => $"one of {Keys(field.Values)}",
        FieldKind.EnumList when field.Values.SequenceEqual(SpecSchema.Days) => "non-empty list of [days](#days)",
        FieldKind.EnumList => $"non-empty list of {Keys(field.Values)}",
        FieldKind.Size => "[size](#sizes)",
        FieldKind.Duration => "[duration](#durations)",
        FieldKind.CountOrPercent => "[count or percentage](#counts-and-percentages)",
        FieldKind.TimeOfDay => "[time of day](#times-of-day)",
        _ => throw new InvalidOperationException($"{field.Key} has kind {field.Kind}, which docs/spec.md does not describe yet"),
    };
}
