namespace Reconciler.Reconciliation;

/// <summary>What the loop decided after a cluster's last tick (docs/service.md, What happens next).</summary>
/// <param name="Outcome">Converged, Waiting, Transient or Stalled.</param>
/// <param name="Reason">A <see cref="Reconciliation.Reason"/> word or a tick outcome.</param>
/// <param name="At">When the next tick is due; null: not until a new revision or a sync request.</param>
public sealed record NextTick(string Outcome, string Reason, DateTimeOffset? At);
