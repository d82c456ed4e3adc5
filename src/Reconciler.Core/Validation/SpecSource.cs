namespace Reconciler.Validation;

/// <summary>The text of one spec file, read at the edge by whoever has the disk or the git tree.</summary>
public sealed record SpecSource(string Path, string Text);
