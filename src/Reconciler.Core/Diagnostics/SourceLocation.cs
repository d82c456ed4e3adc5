namespace Reconciler.Diagnostics;

/// <summary>A place in a source file, 1-based like compilers and editors print it.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public static SourceLocation None(string file) => new(file, 0, 0);

    public override string ToString() => Line > 0 ? $"{File}:{Line}:{Column}" : File;
}
