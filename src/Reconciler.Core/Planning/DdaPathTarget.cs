namespace Reconciler.Planning;

public sealed record DdaPathTarget(string LocationPath) : ResourceTarget;
