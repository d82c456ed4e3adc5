using Microsoft.Extensions.Logging;

namespace Reconciler.Execution;

internal static partial class ExecutorLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning,
        Message = "A progress handler failed ({ExceptionType}); the plan goes on, and further progress failures of this run are not logged")]
    public static partial void ProgressFailed(ILogger logger, string exceptionType, Exception exception);
}
