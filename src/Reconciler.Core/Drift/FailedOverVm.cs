namespace Reconciler.Drift;

/// <summary>
/// A VM of a failover cluster that runs on another node than its preferred owner (the spec's
/// <c>host</c>): after a failover, a drain or a move by hand. Reported, never fought; when it
/// moves back is <see cref="Spec.FailbackPolicy"/>'s call, and <see cref="Failback"/> says what the plan does.
/// </summary>
/// <param name="From">The node it failed over from, when the provider knows (it may differ from the preferred owner).</param>
/// <param name="Since">When it started running where it is, when the provider knows.</param>
public sealed record FailedOverVm(string Vm, string Host, string PreferredHost, string? From, DateTimeOffset? Since, string Failback)
{
    /// <summary>One line: where it runs, where it belongs, since when, and what happens next.</summary>
    public string Describe() =>
        $"{Vm} runs on {Host}, away from its preferred owner {PreferredHost}"
        + (From is null ? "" : $" (failed over from {From}{(Since is { } s ? $" at {s:yyyy-MM-dd HH:mm zzz}" : "")})")
        + $": {Failback}";
}
