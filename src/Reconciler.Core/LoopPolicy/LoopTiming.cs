namespace Reconciler.LoopPolicy;

/// <summary>The loop's pace (Reconciler:Interval, InitialBackoff, MaxBackoff).</summary>
public sealed record LoopTiming(TimeSpan Interval, TimeSpan InitialBackoff, TimeSpan MaxBackoff);
