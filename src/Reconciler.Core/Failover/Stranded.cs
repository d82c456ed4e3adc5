namespace Reconciler.Failover;

/// <summary>A GPU VM that stays off when its node fails, and why (one of <see cref="StrandReasons"/>).</summary>
public sealed record Stranded(string Vm, string Reason);
