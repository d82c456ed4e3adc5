namespace Reconciler.Spec;

/// <summary>
/// The guest health gate: a VM the reconciler started counts as unavailable until its guest
/// reports healthy (Hyper-V's heartbeat integration service says OK). A guest that does not within
/// <see cref="Timeout"/> fails its start step.
/// </summary>
public sealed record HealthPolicy(TimeSpan Timeout, SourceMap Source)
{
    public static HealthPolicy Default { get; } = new(TimeSpan.FromMinutes(10), SourceMap.None);
}
