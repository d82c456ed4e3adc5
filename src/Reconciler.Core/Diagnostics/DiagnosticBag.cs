namespace Reconciler.Diagnostics;

/// <summary>Collects every finding instead of stopping at the first, so a user fixes a spec in one round.</summary>
public sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.IsError);

    public void Add(DiagnosticCode code, SourceLocation location, string message) =>
        _items.Add(new Diagnostic(code, location, message));

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _items.AddRange(diagnostics);

    /// <summary>Ordered by file, line and column, the order a reader walks the file in.</summary>
    public IReadOnlyList<Diagnostic> Sorted() =>
        [.. _items
            .OrderBy(d => d.Location.File, StringComparer.Ordinal)
            .ThenBy(d => d.Location.Line)
            .ThenBy(d => d.Location.Column)
            .ThenBy(d => d.Code.Id, StringComparer.Ordinal)];
}
