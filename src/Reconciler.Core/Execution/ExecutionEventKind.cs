namespace Reconciler.Execution;

public enum ExecutionEventKind
{
    Started,
    Succeeded,
    AlreadyDone,
    Failed,
    NotRun,
}
