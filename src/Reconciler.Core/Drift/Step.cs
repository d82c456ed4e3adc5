namespace Reconciler.Drift;

/// <summary>A step to emit, before it has an id: what, where, and why (the operation's description).</summary>
/// <param name="Host">Where it runs when not on the VM's host now: steps after an offline move run on the node it moved to.</param>
internal sealed record Step(OperationKind Kind, OperationArguments Arguments, string? Gpu, string Why, string? Host = null);
