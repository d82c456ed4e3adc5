using Microsoft.Extensions.Logging;
using Reconciler.Drift;

namespace Reconciler.Execution;

internal static partial class ExecutorLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "A progress handler failed ({ExceptionType}); the plan goes on, and further progress failures of this run are not logged")]
    public static partial void ProgressFailed(ILogger logger, string exceptionType, Exception exception);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information,
        Message = "Operation {OperationId} ({Kind} on host {Host}) still failed transiently after its retries (run {Attempt}); it runs again ({RetriesLeft} retries left in this run's budget): {Reason}")]
    public static partial void OperationRunAgain(ILogger logger, string operationId, OperationKind kind, string host, int attempt, int retriesLeft, string reason);
}
