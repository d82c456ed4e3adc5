namespace Reconciler.Service;

/// <summary>
/// The source of jitter (backoffs, alert retries, executor retries), injected like the clock so
/// tests can fix it. Only the composition roots (the service host, the apply verb) take
/// <see cref="Shared"/>; everything else is handed a randomizer.
/// </summary>
internal sealed record Randomizer(Func<double> NextDouble)
{
    /// <summary>The process's one ambient source; thread-safe, since clusters reconcile in parallel.</summary>
#pragma warning disable RS0030 // the one sanctioned use of Random.Shared: jitter needs spread, not a seed (src/BannedSymbols.txt)
    public static Randomizer Shared { get; } = new(Random.Shared.NextDouble);
#pragma warning restore RS0030
}
