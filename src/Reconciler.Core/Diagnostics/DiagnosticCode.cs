namespace Reconciler.Diagnostics;

/// <summary>
/// A stable rule code. Codes never change meaning once released: scripts and CI match on them.
/// Every code is documented in docs/validation.md (a test keeps the two in step).
/// </summary>
public sealed record DiagnosticCode(string Id, Severity Severity, string Title)
{
    public override string ToString() => Id;
}
