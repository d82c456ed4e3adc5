namespace Reconciler.Observed;

public readonly record struct ResourceAmount(ulong Total, ulong Available);
