using System.CommandLine;

namespace Reconciler.Cli;

/// <summary>The shared <c>-o/--output</c> option.</summary>
internal static class OutputFormat
{
    public static Option<string> Option(params string[] formats)
    {
        var option = new Option<string>("--output", "-o") { Description = $"Output format: {string.Join(", ", formats)}", DefaultValueFactory = _ => formats[0] };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }
}
