namespace Reconciler.Planning;

public sealed record NoResource : ResourceTarget;
