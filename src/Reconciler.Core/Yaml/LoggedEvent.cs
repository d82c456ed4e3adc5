namespace Reconciler.Yaml;

/// <summary>One parser event without its objects: where it starts, and its text (value, then anchor) in the log's buffer.</summary>
internal readonly record struct LoggedEvent(EventKind Kind, int Line, int Column, int TextStart, int TextLength, int AnchorLength);
