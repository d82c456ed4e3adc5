namespace Reconciler.Execution;

public sealed record ExecutionResult(ExecutionStatus Status, IReadOnlyList<ExecutionFailure> Failures, int Executed, int Skipped, int NotRun);
