namespace Reconciler.Observed;

/// <summary>
/// A VM the failover cluster restarted on another node when its node failed: the node it came
/// from and, where the provider knows it, since when it runs where it is now.
/// </summary>
public sealed record FailedOver(string From, DateTimeOffset? Since);
