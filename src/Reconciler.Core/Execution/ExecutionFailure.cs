namespace Reconciler.Execution;

/// <summary>Why one operation failed, in words an operator can act on.</summary>
public sealed record ExecutionFailure(string Host, string? Vm, string OperationId, string Kind, string Reason);
