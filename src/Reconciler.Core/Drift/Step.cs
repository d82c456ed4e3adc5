namespace Reconciler.Drift;

/// <summary>A step to emit, before it has an id: what, where, and why (the operation's description).</summary>
internal sealed record Step(OperationKind Kind, OperationArguments Arguments, string? Gpu, string Why);
