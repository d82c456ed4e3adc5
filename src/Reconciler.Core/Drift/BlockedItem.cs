namespace Reconciler.Drift;

/// <summary>Something the plan leaves undone, with the reason a person can act on.</summary>
public sealed record BlockedItem(string Object, BlockReason Reason, string Message, DateTimeOffset? Until = null);
