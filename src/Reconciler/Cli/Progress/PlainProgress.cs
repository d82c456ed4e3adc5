using Reconciler.Execution;
using Reconciler.Planning;

namespace Reconciler.Cli.Progress;

/// <summary>One log line per finished step, written as it finishes; nothing that needs a terminal.</summary>
internal sealed class PlainProgress(TextWriter output, TimeProvider time) : ApplyProgress(time)
{
    public override async Task<ExecutionResult> RunAsync(Plan plan, PlanExecutor executor, Func<Task<ExecutionResult>> execute)
    {
        executor.Progress += Write;
        try
        {
            return await execute().ConfigureAwait(false);
        }
        finally
        {
            executor.Progress -= Write;
        }
    }

    private void Write(ExecutionEvent e)
    {
        if (Finished(e) is { } step)
        {
            // Steps of different hosts finish on different threads.
            lock (output)
            {
                output.WriteLine(step.LogLine());
                output.Flush();
            }
        }
    }
}
