namespace Reconciler.Drift;

public sealed record NoResource : ResourceTarget;
