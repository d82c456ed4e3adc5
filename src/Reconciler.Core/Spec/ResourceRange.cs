namespace Reconciler.Spec;

/// <summary>Min, max and optimal of one partition resource (bytes for VRAM, driver units otherwise).</summary>
public sealed record ResourceRange(ulong? Min, ulong? Max, ulong? Optimal, SourceMap Source);
