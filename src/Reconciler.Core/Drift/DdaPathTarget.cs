namespace Reconciler.Drift;

public sealed record DdaPathTarget(string LocationPath) : ResourceTarget;
