using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Yaml;

/// <summary>
/// A batch of parser events copied into a few large arrays, so the tree is built in a second step.
/// Why: YamlDotNet allocates about 50 bytes of short-lived objects per byte of YAML. When the
/// tree's nodes are allocated in between, every young-generation collection finds a few live
/// nodes in all of its memory and has to walk all of it; the 1,000-host fleet spent more time in
/// the garbage collector than in the parser. Logged first, the parser's garbage dies alone and the
/// nodes are allocated together, which the collector handles cheaply.
/// </summary>
internal sealed class EventLog(YamlLimits limits, int textLength, int stopLine = int.MaxValue, int batchEvents = EventLog.BatchEvents)
{
    /// <summary>Events per batch: the 1,000-host fleet in a few batches, and a bounded buffer for any file.</summary>
    public const int BatchEvents = 1 << 18;

    // Sized for the text (specs have about one event per four characters) and grown when that is short.
    private LoggedEvent[] _events = new LoggedEvent[Math.Clamp(textLength / 4, 16, batchEvents)];
    private char[] _text = new char[Math.Clamp(textLength / 2, 16, 1 << 20)];
    private int _textLength;
    private int _depth;

    public int Count { get; private set; }

    /// <summary>The end of the last event read: where to point when the parser fails without a position.</summary>
    public (int Line, int Column) LastEnd { get; private set; } = (1, 1);

    /// <summary>The parser's failure at the end of this batch, to report after its events.</summary>
    public Exception? Failure { get; private set; }

    public bool Finished { get; private set; }

    /// <summary>The batch ended at a collection deeper than the limit, and the rest of the text is unread.</summary>
    public bool TooDeep { get; private set; }

    /// <summary>
    /// The first node event at or after the stop line, which the log read from the parser but did
    /// not keep (see <see cref="SplitParse"/>); null while the parser has not reached that line.
    /// </summary>
    public LoggedEvent? StoppedAt { get; private set; }

    public LoggedEvent this[int index] => _events[index];

    public ReadOnlySpan<char> Text(in LoggedEvent evt) => _text.AsSpan(evt.TextStart, evt.TextLength);

    public ReadOnlySpan<char> Anchor(in LoggedEvent evt) => _text.AsSpan(evt.TextStart + evt.TextLength, evt.AnchorLength);

    /// <summary>
    /// Reads the next batch. A batch also ends at the first collection deeper than the limit, so
    /// hostile nesting is never read further than the tree builder would have let it be.
    /// </summary>
    public void Fill(IParser parser)
    {
        Count = 0;
        _textLength = 0;
        try
        {
            while (Count < batchEvents && parser.MoveNext())
            {
                var evt = parser.Current!;
                if (evt.Start.Line >= stopLine && evt is not (MappingEnd or SequenceEnd))
                {
                    // Ends of collections at the stop line close the previous item; anything else starts the next one.
                    StoppedAt = new LoggedEvent(KindOf(evt), (int)evt.Start.Line, (int)evt.Start.Column, 0, 0, 0);
                    Finished = true;
                    return;
                }

                LastEnd = ((int)evt.End.Line, (int)evt.End.Column);
                if (Log(evt) && ++_depth > limits.MaxDepth)
                {
                    TooDeep = true;
                    return;
                }
            }

            Finished = Count < batchEvents;
        }
        catch (Exception ex) when (ex is YamlException or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            Failure = ex;
            Finished = true;
        }
    }

    /// <summary>Logs one event; true when it opens a collection.</summary>
    private bool Log(ParsingEvent evt)
    {
        switch (evt)
        {
            case DocumentStart:
                _depth = 0;
                Add(EventKind.DocumentStart, evt, "", AnchorName.Empty);
                return false;
            case DocumentEnd:
                Add(EventKind.DocumentEnd, evt, "", AnchorName.Empty);
                return false;
            case Scalar scalar:
                Add(scalar.Style == ScalarStyle.Plain ? EventKind.PlainScalar : EventKind.Scalar, evt, scalar.Value, scalar.Anchor);
                return false;
            case AnchorAlias alias:
                Add(EventKind.Alias, evt, alias.Value.Value, AnchorName.Empty);
                return false;
            case MappingStart mapping:
                Add(EventKind.MappingStart, evt, "", mapping.Anchor);
                return true;
            case SequenceStart sequence:
                Add(EventKind.SequenceStart, evt, "", sequence.Anchor);
                return true;
            case MappingEnd:
                _depth--;
                Add(EventKind.MappingEnd, evt, "", AnchorName.Empty);
                return false;
            case SequenceEnd:
                _depth--;
                Add(EventKind.SequenceEnd, evt, "", AnchorName.Empty);
                return false;
            default:
                return false; // stream start and end, comments: nothing for the tree
        }
    }

    /// <summary>The kind of a node event; other events read as <see cref="EventKind.DocumentStart"/>, which no item starts with.</summary>
    private static EventKind KindOf(ParsingEvent evt) => evt switch
    {
        Scalar scalar => scalar.Style == ScalarStyle.Plain ? EventKind.PlainScalar : EventKind.Scalar,
        AnchorAlias => EventKind.Alias,
        MappingStart => EventKind.MappingStart,
        SequenceStart => EventKind.SequenceStart,
        _ => EventKind.DocumentStart,
    };

    private void Add(EventKind kind, ParsingEvent evt, string text, AnchorName anchor)
    {
        var anchorText = anchor.IsEmpty ? "" : anchor.Value;
        var start = _textLength;
        Append(text);
        Append(anchorText);
        if (Count == _events.Length)
        {
            Array.Resize(ref _events, Math.Min(batchEvents, _events.Length * 2));
        }

        _events[Count++] = new LoggedEvent(kind, (int)evt.Start.Line, (int)evt.Start.Column, start, text.Length, anchorText.Length);
    }

    private void Append(string text)
    {
        if (_textLength + text.Length > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + text.Length));
        }

        text.CopyTo(_text.AsSpan(_textLength));
        _textLength += text.Length;
    }
}
