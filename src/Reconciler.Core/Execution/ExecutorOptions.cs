using System.ComponentModel.DataAnnotations;

namespace Reconciler.Execution;

/// <summary>How plans are executed. Defaults suit real hosts; tests shorten the delays.</summary>
public sealed class ExecutorOptions
{
    /// <summary>Hosts worked on at the same time; operations within a host always run one by one.</summary>
    [Range(1, 256)]
    public int MaxParallelHosts { get; set; } = 8;

    /// <summary>Longest a single provider call may take (a VM shutdown gets its policy timeout on top).</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries of a call that failed transiently, with exponential backoff and jitter.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>
    /// Times one operation is run when its call still fails transiently after its retries: each
    /// run after the first waits <see cref="MaxRetryDelay"/>, then checks on a fresh observation
    /// whether the change already holds, then calls again (with its retries).
    /// </summary>
    [Range(1, 10)]
    public int MaxOperationAttempts { get; set; } = 4;

    /// <summary>
    /// The run's retry budget, shared by every call and operation of one plan run: <see cref="RunRetryFloor"/>
    /// plus this many per operation of the plan. Once spent, a transient failure fails its operation.
    /// </summary>
    [Range(0, 100)]
    public int RetriesPerOperation { get; set; } = 2;

    /// <summary>The run's retry budget however small the plan (one operation may need several retries).</summary>
    public const int RunRetryFloor = 10;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Share of failing calls to one host (over the sampling window) that opens its circuit.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.8;

    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest wait between two asks of the guest health gate whether a started VM's guest is
    /// up (the first asks come sooner: 0.25 s, 0.5 s, 1 s, ...); its deadline is policy.health.timeout.
    /// </summary>
    public TimeSpan HealthPollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
