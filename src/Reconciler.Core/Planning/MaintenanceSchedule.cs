using Reconciler.Spec;

namespace Reconciler.Planning;

/// <summary>When disruptive steps may start: inside any of the policy's weekly windows, in each window's time zone.</summary>
public static class MaintenanceSchedule
{
    /// <summary>True when there are no windows (any time) or <paramref name="now"/> falls inside one.</summary>
    public static bool IsOpen(IReadOnlyList<MaintenanceWindow> windows, DateTimeOffset now) =>
        windows.Count == 0 || windows.Any(w => Contains(w, now));

    /// <summary>The next instant at or after <paramref name="now"/> when a window opens, within two weeks.</summary>
    public static DateTimeOffset? NextOpening(IReadOnlyList<MaintenanceWindow> windows, DateTimeOffset now)
    {
        DateTimeOffset? best = null;
        foreach (var window in windows)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone);
            var local = TimeZoneInfo.ConvertTime(now, zone);
            for (var day = 0; day <= 14; day++)
            {
                var date = DateOnly.FromDateTime(local.Date).AddDays(day);
                if (!window.Days.Contains(date.DayOfWeek))
                {
                    continue;
                }

                var opening = date.ToDateTime(window.Start);
                var offset = zone.GetUtcOffset(opening);
                var candidate = new DateTimeOffset(opening, offset);
                if (candidate >= now && (best is null || candidate < best))
                {
                    best = candidate;
                    break;
                }
            }
        }

        return best;
    }

    private static bool Contains(MaintenanceWindow window, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, TimeZoneInfo.FindSystemTimeZoneById(window.TimeZone));
        var time = TimeOnly.FromDateTime(local.DateTime);
        var today = local.DayOfWeek;
        if (window.Start < window.End)
        {
            return window.Days.Contains(today) && time >= window.Start && time < window.End;
        }

        // Past midnight: the part after Start belongs to today's window, the part before End to yesterday's.
        var yesterday = (DayOfWeek)(((int)today + 6) % 7);
        return (window.Days.Contains(today) && time >= window.Start) || (window.Days.Contains(yesterday) && time < window.End);
    }
}
