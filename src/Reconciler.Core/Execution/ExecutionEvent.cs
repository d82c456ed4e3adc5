namespace Reconciler.Execution;

/// <summary>Progress as it happens, for terminals and logs.</summary>
public sealed record ExecutionEvent(Planning.Operation Operation, ExecutionEventKind Kind, string? Message = null);
