namespace Reconciler.LoopPolicy;

/// <summary>Why a cluster does not use the newest revision: it keeps its last good one.</summary>
/// <param name="Reason">One of <see cref="Reconciliation.Reason"/>'s revision reasons.</param>
public sealed record Stall(string Commit, string Reason, string Message, DateTimeOffset Since);
