namespace Reconciler.Cli.Service;

/// <summary>
/// The service's source of jitter (backoffs, alert retries), injected like the clock so tests can
/// fix it; the host passes <see cref="Random.Shared"/> at the composition root.
/// </summary>
internal sealed record Randomizer(Func<double> NextDouble);
