using Reconciler.Diagnostics;

namespace Reconciler.Yaml;

/// <summary>
/// Builds the tree from parser events with as few objects as a positioned tree allows: the
/// children of every open collection share one list, and a finished collection copies its
/// slice into one array of the exact size. A 1,000-host fleet has about a million nodes, and
/// nearly all of them live until binding, so every object per node is paid for again by the
/// garbage collector each time it moves the tree to an older generation.
/// </summary>
internal sealed class TreeBuilder(string file, YamlLimits limits)
{
    /// <summary>Mapping keys are a handful of names repeated on every object: one string each, not one per key.</summary>
    private const int MaxInternedKeys = 1024;

    /// <summary>Slots of the cache of recent short values; a power of two.</summary>
    private const int RecentValues = 256;

    /// <summary>Values longer than this are names and paths, rarely repeated: not worth a hash.</summary>
    private const int MaxSharedLength = 24;

    private readonly List<Frame> _stack = [];
    private readonly List<Node> _children = [];
    private readonly Dictionary<string, (Node Node, long Weight)> _anchors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);
    private readonly string?[] _recentValues = new string?[RecentValues];
    private SourceLocation _documentStart;
    private Node? _root;
    /// <summary>Nodes of the document so far, counting each alias as a full copy of its anchor.</summary>
    private long _expanded;
    private bool _skipDocument;

    /// <summary>Takes one parser event; false stops reading the file.</summary>
    public bool Accept(in LoggedEvent evt, EventLog log, List<YamlDocument> documents, DiagnosticBag diagnostics)
    {
        var at = new SourceLocation(file, evt.Line, evt.Column);
        switch (evt.Kind)
        {
            case EventKind.DocumentStart:
                _documentStart = at;
                _root = null;
                _expanded = 0;
                _skipDocument = false;
                _anchors.Clear();
                Clear();
                return true;
            case EventKind.DocumentEnd:
                if (!_skipDocument)
                {
                    documents.Add(new YamlDocument(file, documents.Count, _documentStart, _root));
                }

                return true;
        }

        if (_skipDocument)
        {
            return true;
        }

        switch (evt.Kind)
        {
            case EventKind.Scalar or EventKind.PlainScalar:
                var text = log.Text(evt);
                var value = IsKeyNext() ? Intern(text) : Share(text);
                return Complete(new ScalarNode(at, value, evt.Kind == EventKind.PlainScalar), 1, log.Anchor(evt), diagnostics);
            case EventKind.Alias:
                var name = log.Text(evt).ToString();
                if (!_anchors.TryGetValue(name, out var anchored))
                {
                    diagnostics.Add(Codes.UnknownAnchor, at, $"alias *{name} refers to no anchor defined before it; define &{name} first");
                    return Complete(new ScalarNode(at, "", isPlain: true), 1, [], diagnostics);
                }

                return Complete(anchored.Node, anchored.Weight, [], diagnostics);
            case EventKind.MappingStart or EventKind.SequenceStart:
                return Open(new Frame(at, log.Anchor(evt).ToString(), evt.Kind == EventKind.MappingStart, _children.Count), diagnostics);
            default: // MappingEnd or SequenceEnd
                var frame = _stack[^1];
                _stack.RemoveAt(_stack.Count - 1);
                Node node = frame.IsMapping ? BuildMapping(frame, diagnostics) : BuildSequence(frame);
                _children.RemoveRange(frame.Start, _children.Count - frame.Start);
                _expanded -= frame.Weight; // its children were counted as they came; Complete counts the whole again
                return Complete(node, frame.Weight + 1, frame.Anchor, diagnostics);
        }
    }

    /// <summary>The collections open now, outermost first: what the next event continues.</summary>
    public IReadOnlyList<Frame> OpenCollections => _stack;

    /// <summary>
    /// Closes every open collection and the document, as the parser does at the end of the text.
    /// Ends carry no position the tree uses, so none is given.
    /// </summary>
    public bool CloseAll(EventLog log, List<YamlDocument> documents, DiagnosticBag diagnostics)
    {
        for (var open = _stack.Count; open > 0; open--)
        {
            var end = new LoggedEvent(_stack[^1].IsMapping ? EventKind.MappingEnd : EventKind.SequenceEnd, 0, 0, 0, 0, 0);
            if (!Accept(end, log, documents, diagnostics))
            {
                return false;
            }
        }

        return Accept(new LoggedEvent(EventKind.DocumentEnd, 0, 0, 0, 0, 0), log, documents, diagnostics);
    }

    private void Clear()
    {
        _stack.Clear();
        _children.Clear();
    }

    /// <summary>Whether the next node completed is a key of the innermost open mapping.</summary>
    private bool IsKeyNext() => _stack.Count > 0 && _stack[^1].IsMapping && (_children.Count - _stack[^1].Start) % 2 == 0;

    private string Intern(ReadOnlySpan<char> key)
    {
        var lookup = _keys.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(key, out var known))
        {
            return known;
        }

        var text = key.ToString();
        if (_keys.Count < MaxInternedKeys)
        {
            _keys.Add(text, text);
        }

        return text;
    }

    /// <summary>
    /// A value's string, shared with an equal recent value when there is one. A fleet repeats a few
    /// values on every item (host names, sizes, models): one string each rather than one per item
    /// is a tenth fewer objects in a tree the collector moves, for the price of a hash.
    /// </summary>
    private string Share(ReadOnlySpan<char> value)
    {
        if (value.Length > MaxSharedLength)
        {
            return value.ToString();
        }

        ref var slot = ref _recentValues[string.GetHashCode(value) & (RecentValues - 1)];
        if (slot is not null && value.SequenceEqual(slot))
        {
            return slot;
        }

        return slot = value.ToString();
    }

    private bool Open(Frame frame, DiagnosticBag diagnostics)
    {
        if (_stack.Count >= limits.MaxDepth)
        {
            diagnostics.Add(Codes.TooDeep, frame.Location,
                $"nesting is deeper than {limits.MaxDepth} levels; a cluster spec needs far fewer, so this file is probably not a spec");
            return false;
        }

        _stack.Add(frame);
        return true;
    }

    private bool Complete(Node node, long weight, ReadOnlySpan<char> anchor, DiagnosticBag diagnostics)
    {
        if (!anchor.IsEmpty)
        {
            _anchors[anchor.ToString()] = (node, weight);
        }

        if (_stack.Count == 0)
        {
            _root = node;
        }
        else
        {
            _children.Add(node);
            var parent = _stack[^1];
            parent.Weight = Math.Min(long.MaxValue / 4, parent.Weight + weight); // saturating rather than overflowing
            _stack[^1] = parent;
        }

        _expanded = Math.Min(long.MaxValue / 4, _expanded + weight);
        if (_expanded > limits.MaxExpandedNodes)
        {
            diagnostics.Add(Codes.TooManyNodes, node.Location,
                $"document expands to more than {limits.MaxExpandedNodes:N0} nodes through aliases; remove the nested aliases (*name) or split the document");
            _skipDocument = true;
            Clear();
        }

        return true;
    }

    private SequenceNode BuildSequence(Frame frame)
    {
        var items = new Node[_children.Count - frame.Start];
        _children.CopyTo(frame.Start, items, 0, items.Length);
        return new SequenceNode(frame.Location, items);
    }

    private MappingNode BuildMapping(Frame frame, DiagnosticBag diagnostics)
    {
        var count = _children.Count - frame.Start;
        var entries = new KeyValuePair<ScalarNode, Node>[count / 2];
        var kept = 0;
        // Spec mappings are small: a linear scan finds duplicates without a dictionary per mapping.
        var seen = count > 32 ? new Dictionary<string, ScalarNode>(StringComparer.Ordinal) : null;
        for (var i = frame.Start; i + 1 < _children.Count; i += 2)
        {
            if (_children[i] is not ScalarNode key)
            {
                diagnostics.Add(Codes.WrongType, _children[i].Location, "a mapping key must be a plain name, not a list or mapping");
                continue;
            }

            var first = seen is not null ? seen.GetValueOrDefault(key.Value) : FindKey(entries, kept, key.Value);
            if (first is not null)
            {
                diagnostics.Add(Codes.DuplicateKey, key.Location,
                    $"duplicate key '{key.Value}' (first at line {first.Location.Line}); remove one of them");
                continue;
            }

            seen?.Add(key.Value, key);
            entries[kept++] = new(key, _children[i + 1]);
        }

        if (kept < entries.Length)
        {
            Array.Resize(ref entries, kept);
        }

        return new MappingNode(frame.Location, entries);
    }

    private static ScalarNode? FindKey(KeyValuePair<ScalarNode, Node>[] entries, int count, string key)
    {
        for (var i = 0; i < count; i++)
        {
            if (entries[i].Key.Value == key)
            {
                return entries[i].Key;
            }
        }

        return null;
    }
}
