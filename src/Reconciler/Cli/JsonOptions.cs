using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reconciler.Cli;

/// <summary>JSON as scripts expect it: camelCase keys, indented, enums by their names (Running, Off, StopVm).</summary>
internal static class JsonOptions
{
    public static JsonSerializerOptions Default { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a CLI's output, not HTML: keep '&' in paths readable
        Converters = { new JsonStringEnumConverter() },
    };
}
