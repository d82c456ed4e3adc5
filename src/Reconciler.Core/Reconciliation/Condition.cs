namespace Reconciler.Reconciliation;

/// <param name="Reason">A stable CamelCase word for scripts (e.g. <c>InvalidRevision</c>).</param>
/// <param name="Message">A sentence for people.</param>
/// <param name="LastTransition">When <see cref="Status"/> last changed.</param>
public sealed record Condition(ConditionType Type, bool Status, string Reason, string Message, DateTimeOffset LastTransition);
