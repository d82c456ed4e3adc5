using System.Collections.Concurrent;
using Reconciler.Diagnostics;
using YamlDotNet.Core;

namespace Reconciler.Yaml;

/// <summary>
/// Parses a large file in two halves at once, on two cores. YamlDotNet's parser is most of the
/// time of loading a fleet-sized spec, and it reads one character after another, so the only way
/// to go faster than it is to run two of them. A fleet spec is one long block list at its end
/// (`vms:` with thousands of items): the tail, from an item of that list near the middle of the
/// file to the end, parses on its own as a list whose events are those the whole parse would
/// give, lines shifted. The head is parsed as always (the same parser over the whole text),
/// stopping at that line.
///
/// The split is only taken when both halves prove it right: the head, when it reaches the line,
/// is inside a block list at that indentation (no flow collection around it) and the event it
/// reads there starts an item; the tail is one document holding one list, and its first item
/// starts as the head saw it. Anything else (a syntax error, an unusual layout) falls back to the
/// one-parser read, so the result is always that of <see cref="YamlTreeReader"/>'s plain path.
/// </summary>
internal static class SplitParse
{
    /// <summary>Below this a second thread costs more than it saves, and every spec of a normal size reads the plain way.</summary>
    public const int MinChars = 1 << 20;

    /// <summary>
    /// Where in the text the split is looked for. The head's thread also builds the whole tree,
    /// but it keeps up with the tail as it comes, so a bit less than half is its share: measured
    /// at 1,000 hosts, 0.45 beat 0.3 and 0.55.
    /// </summary>
    private const double HeadShare = 0.45;

    /// <summary>Events per batch of either half: 72 KB of events, below the large-object heap.</summary>
    private const int TailBatchEvents = 3000;

    /// <summary>Where the tail starts: the offset and 1-based line of a `- ` line, and its indentation.</summary>
    public readonly record struct Split(int Offset, int Line, int Indent);

    /// <summary>The trees and findings of a file read in halves.</summary>
    public sealed record Result(List<YamlDocument> Documents, DiagnosticBag Diagnostics);

    /// <summary>
    /// The first `- ` line from <see cref="HeadShare"/> of the text on after which no content line is indented
    /// less, so the tail can be one list to the end; null when there is none.
    /// </summary>
    public static Split? Find(string text)
    {
        // YAML counts these as line breaks too; lines would not match the parser's, so such text is never split.
        if (text.AsSpan().IndexOfAny('\u0085', '\u2028', '\u2029') >= 0 || HasLoneCarriageReturn(text))
        {
            return null;
        }

        var lines = new List<(int Start, int Indent, bool Item)>();
        for (var start = NextLineStart(text, (int)(text.Length * HeadShare)); start < text.Length; start = NextLineStart(text, start))
        {
            var indent = 0;
            while (start + indent < text.Length && text[start + indent] == ' ')
            {
                indent++;
            }

            var at = start + indent;
            var first = at < text.Length ? text[at] : '\n';
            if (first is '\n' or '\r' or '#')
            {
                continue; // blank or comment: no say in the structure
            }

            var next = at + 1 < text.Length ? text[at + 1] : '\n';
            lines.Add((start, indent, first == '-' && next is ' ' or '\n' or '\r'));
        }

        // Scanned backwards once: the least indentation of the content lines after each line.
        var least = int.MaxValue;
        var minIndentAfter = new int[lines.Count];
        for (var i = lines.Count - 1; i >= 0; i--)
        {
            minIndentAfter[i] = least;
            least = Math.Min(least, lines[i].Indent);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var (start, indent, item) = lines[i];
            if (item && minIndentAfter[i] >= indent)
            {
                return new Split(start, text.AsSpan(0, start).Count('\n') + 1, indent);
            }
        }

        return null;
    }

    /// <summary>Reads the text in two halves at once; null when the halves do not prove the split right.</summary>
    public static Result? Read(string file, string text, YamlLimits limits, Split split)
    {
        using var abandon = new CancellationTokenSource();
        using var tail = new BlockingCollection<EventLog>();
        var tailTask = Task.Run(() => ParseTail(text, split, limits, tail, abandon.Token), CancellationToken.None);
        try
        {
            var documents = new List<YamlDocument>();
            var diagnostics = new DiagnosticBag();
            var builder = new TreeBuilder(file, limits);
            // Small batches here too: large-object allocations are what made the collector run a
            // full collection in the middle of loading the fleet.
            var head = new EventLog(limits, TailBatchEvents * 4, split.Line, TailBatchEvents);
            var stopped = YamlTreeReader.Feed(new Parser(new StringReader(text)), head, builder, documents, diagnostics);
            if (stopped || head.StoppedAt is not { } next)
            {
                // The head ended before the line (too deep, a syntax error, the end of the text): it
                // was the one-parser read all along.
                if (!stopped)
                {
                    YamlTreeReader.ReportFailure(file, text, head, diagnostics);
                }

                return new Result(documents, diagnostics);
            }

            return Continues(builder, text, split, next) && FeedTail(tail, split, next, builder, documents, diagnostics)
                ? new Result(documents, diagnostics)
                : null;
        }
        finally
        {
            abandon.Cancel();
            Task.WaitAny([tailTask], CancellationToken.None); // a tail that failed was given up already
        }
    }

    /// <summary>
    /// The tail's events, parsed as a file of its own, in small batches handed over as they fill,
    /// so the tree grows from the tail while the tail is still being parsed.
    /// </summary>
    private static void ParseTail(string text, Split split, YamlLimits limits, BlockingCollection<EventLog> output, CancellationToken abandon)
    {
        try
        {
            var parser = new Parser(new StringReader(text[split.Offset..]));
            EventLog log;
            do
            {
                // Under the large-object size: batches live only until the builder has read them.
                log = new EventLog(limits, TailBatchEvents * 4, batchEvents: TailBatchEvents);
                log.Fill(parser);
                output.Add(log, CancellationToken.None);
            }
            while (!log.Finished && !log.TooDeep && !abandon.IsCancellationRequested);
        }
        finally
        {
            output.CompleteAdding();
        }
    }

    /// <summary>Whether the head stands in a block list at the split's indentation, about to read its next item.</summary>
    private static bool Continues(TreeBuilder builder, string text, Split split, LoggedEvent next)
    {
        var open = builder.OpenCollections;
        if (open.Count == 0 || open[^1].IsMapping || open[^1].Location.Column != split.Indent + 1
            || next.Line != split.Line || next.Column <= split.Indent + 1 || next.Kind is EventKind.DocumentStart)
        {
            return false;
        }

        var lineStarts = LineStarts(text, split.Offset);
        for (var i = 0; i < open.Count; i++)
        {
            var (line, column) = (open[i].Location.Line, open[i].Location.Column);
            var at = line - 1 < lineStarts.Count ? lineStarts[line - 1] + column - 1 : -1;
            var first = at >= 0 && at < text.Length ? text[at] : '\0';
            // A block list starts at its first dash; a flow collection at its bracket, and inside
            // one the tail's lines would mean something else.
            if (first is '{' or '[' or '\0' || (i == open.Count - 1 && first != '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Gives the builder the tail's items and the list's end, lines shifted to the whole file, then
    /// closes what the head left open, as the parser does at the end of the text. True when the
    /// tail proved to be one document holding one list whose first item starts as the head saw it;
    /// until then the tree is provisional, and thrown away when it is not.
    /// </summary>
    private static bool FeedTail(BlockingCollection<EventLog> tail, Split split, LoggedEvent next, TreeBuilder builder, List<YamlDocument> documents, DiagnosticBag diagnostics)
    {
        var shift = split.Line - 1;
        var index = 0;
        var depth = 0;
        var ended = false; // the tail's document ended: nothing may follow
        var stopped = false; // the builder stopped (nested too deep), as the one-parser read does at that event
        EventLog? last = null;
        foreach (var log in tail.GetConsumingEnumerable())
        {
            last = log;
            if (log.Failure is not null || log.TooDeep)
            {
                return false;
            }

            for (var i = 0; i < log.Count; i++, index++)
            {
                var evt = log[i];
                var expected = index switch
                {
                    0 => evt.Kind == EventKind.DocumentStart,
                    1 => evt is { Kind: EventKind.SequenceStart, Line: 1 } && evt.Column == split.Indent + 1,
                    2 => evt.Kind == next.Kind && evt.Line == 1 && evt.Column == next.Column,
                    _ => !ended && (depth > 0 || evt.Kind == EventKind.DocumentEnd),
                };
                if (!expected)
                {
                    return false;
                }

                depth += evt.Kind switch
                {
                    EventKind.MappingStart or EventKind.SequenceStart => 1,
                    EventKind.MappingEnd or EventKind.SequenceEnd => -1,
                    _ => 0,
                };
                ended = evt.Kind == EventKind.DocumentEnd;
                if (index >= 2 && !ended && !stopped)
                {
                    stopped = !builder.Accept(evt with { Line = evt.Line + shift }, log, documents, diagnostics);
                }
            }
        }

        if (!ended || last is not { Finished: true })
        {
            return false;
        }

        if (!stopped)
        {
            builder.CloseAll(last, documents, diagnostics);
        }

        return true;
    }

    /// <summary>Offsets of the lines that start before <paramref name="end"/>.</summary>
    private static List<int> LineStarts(string text, int end)
    {
        var starts = new List<int> { 0 };
        for (var at = text.IndexOf('\n', StringComparison.Ordinal); at >= 0 && at < end; at = text.IndexOf('\n', at + 1))
        {
            starts.Add(at + 1);
        }

        return starts;
    }

    private static int NextLineStart(string text, int from)
    {
        var newline = text.IndexOf('\n', from);
        return newline < 0 ? text.Length : newline + 1;
    }

    private static bool HasLoneCarriageReturn(string text)
    {
        for (var at = text.IndexOf('\r', StringComparison.Ordinal); at >= 0; at = text.IndexOf('\r', at + 1))
        {
            if (at + 1 >= text.Length || text[at + 1] != '\n')
            {
                return true;
            }
        }

        return false;
    }
}
