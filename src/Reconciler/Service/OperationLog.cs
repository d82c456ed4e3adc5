using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Reconciler.Execution;
using Reconciler.Metrics;

namespace Reconciler.Service;

/// <summary>One cluster's executor events as log lines, operation counts and measured durations (for the dashboard's downtime estimates).</summary>
internal sealed class OperationLog(string cluster, StatusBoard board, ReconcilerMetrics metrics, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);

    public void On(ExecutionEvent e)
    {
        metrics.Operation(e.Operation.Kind, e.Kind);
        if (e.Kind == ExecutionEventKind.Started)
        {
            _started[e.Operation.Id] = time.GetTimestamp();
            ServiceLog.OperationStarted(logger, cluster, e.Operation.Host, e.Operation.Description);
            return;
        }

        if (e.Kind == ExecutionEventKind.Succeeded && _started.TryRemove(e.Operation.Id, out var at))
        {
            board.Timings.Record(cluster, e.Operation.Kind, time.GetElapsedTime(at));
        }

        ServiceLog.Operation(logger, cluster, e.Operation.Host, e.Operation.Description, Words(e.Kind), e.Message is null ? "" : $": {e.Message}");
    }

    private static string Words(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.Succeeded => "done",
        ExecutionEventKind.AlreadyDone => "already in place",
        ExecutionEventKind.Failed => "FAILED",
        _ => "not run",
    };
}
