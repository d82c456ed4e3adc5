namespace Reconciler.HyperV.Fake;

/// <summary>How the fake host behaves where real hosts differ or fail.</summary>
public sealed class FakeOptions
{
    public string Username { get; set; } = "reconciler";

    public string Password { get; set; } = "fake-password";

    /// <summary>Polls a job answers "Running" before its end state.</summary>
    public int JobRunningPolls { get; set; } = 1;

    /// <summary>Polls answered with the end state before the job is removed (real hosts: 5 minutes).</summary>
    public int JobEndPolls { get; set; } = 1;

    /// <summary>Jobs are removed as soon as they start, so the first poll finds nothing.</summary>
    public bool JobsVanishAtOnce { get; set; }

    /// <summary>Guests ignore InitiateShutdown (no integration service acting on it).</summary>
    public bool GuestsIgnoreShutdown { get; set; }

    /// <summary>Faults to answer the next requests with, in order, before serving normally.</summary>
    public Queue<FakeFailure> Failures { get; } = new();
}

/// <summary>An injected failure.</summary>
public enum FakeFailure
{
    /// <summary>A w:TimedOut fault (2150858793), transient.</summary>
    TimedOut,

    /// <summary>HTTP 503 with an HTML body: a restarting service.</summary>
    Unavailable,

    /// <summary>HTTP 401 with no body.</summary>
    Unauthorized,

    /// <summary>An access-denied fault (code 5).</summary>
    AccessDenied,
}
