using System.Collections.Concurrent;

namespace Reconciler.HyperV.Fake;

/// <summary>
/// Msvm_ConcreteJob state machines: Running for a few polls, then Completed (7) or Exception (10)
/// with ErrorCode and ErrorDescription, then removed as real hosts remove finished jobs.
/// </summary>
public sealed class FakeJobs(FakeOptions options)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new(StringComparer.OrdinalIgnoreCase);

    private sealed class Job
    {
        public int Polls;
        public int ErrorCode;
        public string? Error;
    }

    /// <summary>Starts a job whose outcome is already decided (the change was applied, or refused, at the call).</summary>
    public string Start(int errorCode = 0, string? error = null)
    {
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        if (!options.JobsVanishAtOnce)
        {
            _jobs[id] = new Job { ErrorCode = errorCode, Error = error };
        }

        return id;
    }

    /// <summary>The job as a Get shows it now, or null when it is gone.</summary>
    public FakeInstance? Poll(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        var poll = Interlocked.Increment(ref job.Polls);
        if (poll > options.JobRunningPolls + options.JobEndPolls)
        {
            _jobs.TryRemove(id, out _);
            return null;
        }

        var running = poll <= options.JobRunningPolls;
        var state = running ? "4" : job.Error is null ? "7" : "10";
        return new FakeInstance(Reconciler.HyperV.WsMan.WsManNames.Virtualization, "Msvm_ConcreteJob")
            .With("InstanceID", id)
            .With("JobState", state)
            .With("PercentComplete", running ? "50" : "100")
            .With("ErrorCode", running ? "0" : job.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("ErrorDescription", running ? null : job.Error)
            .With("TimeBeforeRemoval", "00000000000500.000000:000");
    }
}
