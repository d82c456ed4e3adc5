namespace Reconciler.Planning;

public sealed record DdaPoolTarget(string Pool, int Count) : ResourceTarget;
