namespace Reconciler.Execution;

public enum ExecutionStatus
{
    /// <summary>Every operation took effect and a fresh plan has nothing left to do.</summary>
    Converged,

    /// <summary>An operation failed; what could be put back was put back.</summary>
    Failed,

    /// <summary>Everything possible was done, but blocked items remain (window, budget, conflict).</summary>
    Blocked,
}

/// <summary>Why one operation failed, in words an operator can act on.</summary>
public sealed record ExecutionFailure(string Host, string? Vm, string OperationId, string Kind, string Reason);

public sealed record ExecutionResult(ExecutionStatus Status, IReadOnlyList<ExecutionFailure> Failures, int Executed, int Skipped, int NotRun);

/// <summary>Progress as it happens, for terminals and logs.</summary>
public sealed record ExecutionEvent(Planning.Operation Operation, ExecutionEventKind Kind, string? Message = null);

public enum ExecutionEventKind
{
    Started,
    Succeeded,
    AlreadyDone,
    Failed,
    NotRun,
}
