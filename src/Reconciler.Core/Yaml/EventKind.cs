namespace Reconciler.Yaml;

/// <summary>The parser events the tree is built from.</summary>
internal enum EventKind : byte
{
    DocumentStart,
    DocumentEnd,
    Scalar,
    PlainScalar,
    Alias,
    MappingStart,
    SequenceStart,
    MappingEnd,
    SequenceEnd,
}
