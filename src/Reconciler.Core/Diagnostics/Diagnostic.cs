using System.Globalization;

namespace Reconciler.Diagnostics;

/// <summary>One finding about a spec, printed compiler style: <c>file:line:col: error GR104: message</c>.</summary>
public sealed record Diagnostic(DiagnosticCode Code, SourceLocation Location, string Message)
{
    public Severity Severity => Code.Severity;

    public bool IsError => Code.Severity == Severity.Error;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Location}: {(IsError ? "error" : "warning")} {Code.Id}: {Message}");
}
