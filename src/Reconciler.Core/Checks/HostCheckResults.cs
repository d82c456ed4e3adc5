namespace Reconciler.Checks;

/// <summary>The checks of one host, in the order they ran; <paramref name="Endpoint"/> is where it was reached (empty for the simulator).</summary>
public sealed record HostCheckResults(string Host, string Endpoint, IReadOnlyList<CheckResult> Checks)
{
    public bool Failed => Checks.Any(c => c.Status == CheckStatus.Fail);
}
