namespace Reconciler.Diagnostics;

public enum Severity
{
    Warning,
    Error,
}
