namespace Reconciler.Spec;

/// <summary>How a VM is taken down: a guest shutdown, then after <see cref="Timeout"/> turn it off or give up.</summary>
public sealed record ShutdownPolicy(TimeSpan Timeout, ShutdownTimeoutAction OnTimeout, SourceMap Source)
{
    public static ShutdownPolicy Default { get; } = new(TimeSpan.FromMinutes(5), ShutdownTimeoutAction.TurnOff, SourceMap.None);
}
