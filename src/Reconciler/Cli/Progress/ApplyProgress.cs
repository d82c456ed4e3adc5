using System.Collections.Concurrent;
using Reconciler.Execution;
using Reconciler.Planning;

namespace Reconciler.Cli.Progress;

/// <summary>
/// How <c>reconciler apply</c> shows a plan being executed: live progress bars in a terminal,
/// one plain line per finished step anywhere else (redirected output, CI logs).
/// </summary>
internal abstract class ApplyProgress(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _started = new(StringComparer.Ordinal);

    /// <summary>Live only on a real terminal: anything redirected (a file, a pipe, a CI log) gets plain lines.</summary>
    public static ApplyProgress For(TextWriter output, TimeProvider time) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null
            ? new LiveProgress(time)
            : new PlainProgress(output, time);

    /// <summary>Runs <paramref name="execute"/> while showing the executor's progress; returns its result.</summary>
    public abstract Task<ExecutionResult> RunAsync(Plan plan, PlanExecutor executor, Func<Task<ExecutionResult>> execute);

    /// <summary>The step an event finishes, with how long it ran; null for an event that finishes nothing (a start).</summary>
    protected FinishedStep? Finished(ExecutionEvent e)
    {
        var now = time.GetTimestamp();
        if (e.Kind == ExecutionEventKind.Started)
        {
            _started[e.Operation.Id] = now;
            return null;
        }

        // A step skipped as already in place, or never run, never started: it took no time.
        var duration = _started.TryRemove(e.Operation.Id, out var started) ? time.GetElapsedTime(started, now) : TimeSpan.Zero;
        return new FinishedStep(e.Operation, Result(e.Kind), duration, e.Message);
    }

    private static string Result(ExecutionEventKind kind) => kind switch
    {
        ExecutionEventKind.Succeeded => "done",
        ExecutionEventKind.AlreadyDone => "in-place",
        ExecutionEventKind.Failed => "failed",
        _ => "not-run",
    };
}
