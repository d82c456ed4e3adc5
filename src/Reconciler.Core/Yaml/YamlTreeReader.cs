using System.Text;
using Reconciler.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Reconciler.Yaml;

/// <summary>
/// Reads YAML text into <see cref="Node"/> trees, one per document, reporting problems as
/// diagnostics instead of exceptions. Pure: text in, trees and diagnostics out.
/// </summary>
public static class YamlTreeReader
{
    public static IReadOnlyList<YamlDocument> Read(string file, string text, DiagnosticBag diagnostics, YamlLimits? limits = null)
    {
        limits ??= YamlLimits.Default;
        var documents = new List<YamlDocument>();
        if (Encoding.UTF8.GetByteCount(text) > limits.MaxFileBytes)
        {
            diagnostics.Add(Codes.FileTooLarge, new SourceLocation(file, 1, 1),
                $"file is larger than {limits.MaxFileBytes / (1024 * 1024)} MiB; split the cluster specs into several files");
            return documents;
        }

        var builder = new TreeBuilder(file, limits);
        var parser = new Parser(new StringReader(text));
        var last = new SourceLocation(file, 1, 1);
        try
        {
            while (parser.MoveNext())
            {
                last = new SourceLocation(file, (int)parser.Current!.End.Line, (int)parser.Current.End.Column);
                if (!builder.Accept(parser.Current, documents, diagnostics))
                {
                    break;
                }
            }
        }
        catch (YamlException ex)
        {
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
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException)
        {
            // YamlDotNet's scanner can fail with a bare exception on some malformed input (found by
            // fuzzing); the last good event is the best position we have.
            diagnostics.Add(Codes.YamlSyntax, last,
                "the YAML parser cannot read the text after this point; check the indentation, quoting and special characters here");
        }

        if (documents.Count == 0 && !diagnostics.HasErrors)
        {
            diagnostics.Add(Codes.NoDocuments, new SourceLocation(file, 1, 1), "file holds no YAML documents");
        }

        return documents;
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

    private sealed class TreeBuilder(string file, YamlLimits limits)
    {
        private readonly Stack<Frame> _stack = new();
        private readonly Dictionary<string, (Node Node, long Weight)> _anchors = new(StringComparer.Ordinal);
        private SourceLocation _documentStart;
        private Node? _root;
        /// <summary>Nodes of the document so far, counting each alias as a full copy of its anchor.</summary>
        private long _expanded;
        private bool _skipDocument;

        /// <summary>Takes one parser event; false stops reading the file.</summary>
        public bool Accept(ParsingEvent evt, List<YamlDocument> documents, DiagnosticBag diagnostics)
        {
            var at = new SourceLocation(file, (int)evt.Start.Line, (int)evt.Start.Column);
            switch (evt)
            {
                case DocumentStart:
                    _documentStart = at;
                    _root = null;
                    _expanded = 0;
                    _skipDocument = false;
                    _anchors.Clear();
                    _stack.Clear();
                    return true;
                case DocumentEnd:
                    if (!_skipDocument)
                    {
                        documents.Add(new YamlDocument(file, documents.Count, _documentStart, _root));
                    }

                    return true;
                case StreamStart or StreamEnd or Comment:
                    return true;
            }

            if (_skipDocument)
            {
                return true;
            }

            switch (evt)
            {
                case Scalar scalar:
                    return Complete(new ScalarNode(at, scalar.Value, scalar.Style == ScalarStyle.Plain), 1, scalar.Anchor, diagnostics);
                case AnchorAlias alias:
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        diagnostics.Add(Codes.UnknownAnchor, at, $"alias *{alias.Value} refers to no anchor defined before it; define &{alias.Value} first");
                        return Complete(new ScalarNode(at, "", isPlain: true), 1, AnchorName.Empty, diagnostics);
                    }

                    return Complete(anchored.Node, anchored.Weight, AnchorName.Empty, diagnostics);
                case MappingStart mapping:
                    return Open(new Frame(at, mapping.Anchor, isMapping: true), diagnostics);
                case SequenceStart sequence:
                    return Open(new Frame(at, sequence.Anchor, isMapping: false), diagnostics);
                case MappingEnd or SequenceEnd:
                    var frame = _stack.Pop();
                    var node = frame.Build(diagnostics);
                    _expanded -= frame.Weight; // its children were counted as they came; Complete counts the whole again
                    return Complete(node, frame.Weight + 1, frame.Anchor, diagnostics);
                default:
                    return true;
            }
        }

        private bool Open(Frame frame, DiagnosticBag diagnostics)
        {
            if (_stack.Count >= limits.MaxDepth)
            {
                diagnostics.Add(Codes.TooDeep, frame.Location,
                    $"nesting is deeper than {limits.MaxDepth} levels; a cluster spec needs far fewer, so this file is probably not a spec");
                return false;
            }

            _stack.Push(frame);
            return true;
        }

        private bool Complete(Node node, long weight, AnchorName anchor, DiagnosticBag diagnostics)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, weight);
            }

            if (_stack.Count == 0)
            {
                _root = node;
            }
            else
            {
                _stack.Peek().Add(node, weight);
            }

            _expanded = Math.Min(long.MaxValue / 4, _expanded + weight);
            if (_expanded > limits.MaxExpandedNodes)
            {
                diagnostics.Add(Codes.TooManyNodes, node.Location,
                    $"document expands to more than {limits.MaxExpandedNodes:N0} nodes through aliases; remove the nested aliases (*name) or split the document");
                _skipDocument = true;
                _stack.Clear();
            }

            return true;
        }
    }

    private sealed class Frame(SourceLocation location, AnchorName anchor, bool isMapping)
    {
        private readonly List<Node> _children = [];

        public SourceLocation Location { get; } = location;

        public AnchorName Anchor { get; } = anchor;

        /// <summary>Expanded size of the children so far, saturating rather than overflowing.</summary>
        public long Weight { get; private set; }

        public void Add(Node child, long weight)
        {
            _children.Add(child);
            Weight = Math.Min(long.MaxValue / 4, Weight + weight);
        }

        public Node Build(DiagnosticBag diagnostics)
        {
            if (!isMapping)
            {
                return new SequenceNode(Location, _children);
            }

            var entries = new List<KeyValuePair<ScalarNode, Node>>(_children.Count / 2);
            // Spec mappings are small: a linear scan finds duplicates without a dictionary per mapping.
            var seen = _children.Count > 32 ? new Dictionary<string, ScalarNode>(StringComparer.Ordinal) : null;
            for (var i = 0; i + 1 < _children.Count; i += 2)
            {
                if (_children[i] is not ScalarNode key)
                {
                    diagnostics.Add(Codes.WrongType, _children[i].Location, "a mapping key must be a plain name, not a list or mapping");
                    continue;
                }

                var first = seen is not null
                    ? seen.GetValueOrDefault(key.Value)
                    : entries.Find(e => e.Key.Value == key.Value).Key;
                if (first is not null)
                {
                    diagnostics.Add(Codes.DuplicateKey, key.Location,
                        $"duplicate key '{key.Value}' (first at line {first.Location.Line}); remove one of them");
                    continue;
                }

                seen?.Add(key.Value, key);
                entries.Add(new(key, _children[i + 1]));
            }

            return new MappingNode(Location, entries);
        }
    }
}
