namespace Reconciler.Observed;

public sealed record PoolMember(string Host, string LocationPath);
