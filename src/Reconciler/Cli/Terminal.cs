using Spectre.Console;

namespace Reconciler.Cli;

/// <summary>Spectre.Console writing to a given writer: plain text, no colours, wide enough for location paths.</summary>
internal static class Terminal
{
    public static IAnsiConsole For(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 200;
        return console;
    }
}
