namespace Reconciler.Drift;

public sealed record DdaPoolTarget(string Pool, int Count) : ResourceTarget;
