namespace Reconciler.Spec;

/// <summary>
/// A weekly window in which disruptive steps may start. <see cref="End"/> before <see cref="Start"/>
/// means the window runs past midnight into the next day.
/// </summary>
public sealed record MaintenanceWindow(ValueList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, string TimeZone, SourceMap Source);
