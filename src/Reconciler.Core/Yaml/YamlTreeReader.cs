using System.Text;
using Reconciler.Diagnostics;
using YamlDotNet.Core;

namespace Reconciler.Yaml;

/// <summary>
/// Reads YAML text into <see cref="Node"/> trees, one per document, reporting problems as
/// diagnostics instead of exceptions. Pure: text in, trees and diagnostics out.
/// </summary>
public static class YamlTreeReader
{
    public static IReadOnlyList<YamlDocument> Read(string file, string text, DiagnosticBag diagnostics, YamlLimits? limits = null) =>
        Read(file, text, diagnostics, limits ?? YamlLimits.Default, SplitParse.MinChars);

    /// <summary>
    /// <paramref name="splitMinChars"/>: from this length on, a file is parsed in two halves at
    /// once when it can be (<see cref="SplitParse"/>); tests lower it to compare both ways.
    /// </summary>
    internal static IReadOnlyList<YamlDocument> Read(string file, string text, DiagnosticBag diagnostics, YamlLimits limits, int splitMinChars)
    {
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxFileBytes)
        {
            diagnostics.Add(Codes.FileTooLarge, new SourceLocation(file, 1, 1),
                $"file is larger than {limits.MaxFileBytes / (1024 * 1024)} MiB; split the cluster specs into several files");
            return [];
        }

        List<YamlDocument> documents;
        if (text.Length >= splitMinChars && SplitParse.Find(text) is { } split && SplitParse.Read(file, text, limits, split) is { } halves)
        {
            documents = halves.Documents;
            diagnostics.AddRange(halves.Diagnostics.Items);
        }
        else
        {
            documents = [];
            var log = new EventLog(limits, text.Length);
            if (!Feed(new Parser(new StringReader(text)), log, new TreeBuilder(file, limits), documents, diagnostics))
            {
                ReportFailure(file, text, log, diagnostics);
            }
        }

        if (documents.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Add(Codes.NoDocuments, new SourceLocation(file, 1, 1), "file holds no YAML documents");
        }

        return documents;
    }

    /// <summary>
    /// Reads events batch by batch into the tree until the log is finished; true when the builder
    /// stopped reading (nesting too deep), so the rest of the text, failure included, is unread.
    /// </summary>
    internal static bool Feed(IParser parser, EventLog log, TreeBuilder builder, List<YamlDocument> documents, DiagnosticBag diagnostics)
    {
        var stopped = false;
        while (!stopped && !log.Finished)
        {
            log.Fill(parser);
            for (var i = 0; i < log.Count && !stopped; i++)
            {
                stopped = !builder.Accept(log[i], log, documents, diagnostics);
            }
        }

        return stopped;
    }

    /// <summary>Reports the parser's failure, if it failed, after everything it read before.</summary>
    internal static void ReportFailure(string file, string text, EventLog log, DiagnosticBag diagnostics)
    {
        switch (log.Failure)
        {
            case YamlException ex:
                var message = CleanMessage(ex);
                if (message.Contains("tab", StringComparison.OrdinalIgnoreCase) && FindTabIndent(text, (int)ex.Start.Line) is { } tab)
                {
                    // YamlDotNet reports tab errors at the start of the enclosing mapping (often 1:1);
                    // the tab itself is what the user has to find.
                    diagnostics.Add(Codes.YamlSyntax, new SourceLocation(file, tab.Line, tab.Column),
                        $"{message}; indent with spaces, YAML does not allow tabs in indentation");
                }
                else
                {
                    diagnostics.Add(Codes.YamlSyntax, new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column),
                        $"{message}; check the indentation and quoting around this line");
                }

                break;
            case not null:
                // YamlDotNet's scanner can fail with a bare exception on some malformed input (found by
                // fuzzing); the last good event is the best position we have.
                diagnostics.Add(Codes.YamlSyntax, new SourceLocation(file, log.LastEnd.Line, log.LastEnd.Column),
                    "the YAML parser cannot read the text after this point; check the indentation, quoting and special characters here");
                break;
        }
    }

    /// <summary>The first tab in the leading whitespace of a line at or after <paramref name="fromLine"/> (1-based).</summary>
    private static (int Line, int Column)? FindTabIndent(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            for (var c = 0; c < line.Length && line[c] is ' ' or '\t'; c++)
            {
                if (line[c] == '\t')
                {
                    return (i + 1, c + 1);
                }
            }
        }

        return null;
    }

    // YamlDotNet prefixes messages with the position, which we print ourselves.
    private static string CleanMessage(YamlException ex)
    {
        var message = ex.InnerException is YamlException inner ? inner.Message : ex.Message;
        var paren = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && paren > 0)
        {
            message = message[(paren + 3)..];
        }

        return message.TrimEnd('.').Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
    }
}
