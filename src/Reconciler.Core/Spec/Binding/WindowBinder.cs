using System.Globalization;
using Reconciler.Diagnostics;
using Reconciler.Spec.Schema;
using Reconciler.Text;
using Reconciler.Yaml;

namespace Reconciler.Spec.Binding;

/// <summary>Binds a maintenance window: days, HH:mm times and an IANA time zone that this machine knows.</summary>
internal static class WindowBinder
{
    public static MaintenanceWindow? Bind(MapReader window)
    {
        var days = new List<DayOfWeek>();
        var items = window.List("days"); // read once: a value that is not a list is reported once, here
        foreach (var (item, _) in items)
        {
            if (item is ScalarNode scalar && ParseDay(scalar.Value) is { } day)
            {
                if (!days.Contains(day))
                {
                    days.Add(day);
                }

                continue;
            }

            var text = item is ScalarNode s ? s.Value : item.Describe();
            window.Diagnostics.Add(Codes.WindowDays, item.Location,
                $"'{text}' is not a day; write Mon, Tue, Wed, Thu, Fri, Sat or Sun{DidYouMean.Hint(text, SpecSchema.Days)}");
        }

        if (items.Count == 0 && window.HasList("days"))
        {
            window.Report(Codes.WindowDays, "days", "days is empty, so the window never opens; list at least one day");
        }

        var start = Time(window, "start");
        var end = Time(window, "end");
        var zone = window.String("timeZone") ?? "UTC";
        if (!TryFindTimeZone(zone))
        {
            window.Report(Codes.TimeZone, "timeZone", $"time zone '{zone}' is unknown; use an IANA name such as Europe/Berlin or America/New_York");
        }

        if (start is { } s2 && end is { } e && s2 == e)
        {
            window.Report(Codes.EmptyWindow, "end", $"the window opens and closes at {s2:HH\\:mm}, so it never lets a change start; widen it");
        }

        return start is null || end is null || days.Count == 0 ? null : new MaintenanceWindow(days.ToValueList(), start.Value, end.Value, zone, window.Source());
    }

    private static TimeOnly? Time(MapReader window, string key)
    {
        var text = window.String(key);
        if (text is null)
        {
            return null;
        }

        if (text == "24:00")
        {
            return TimeOnly.MaxValue;
        }

        if (text.Length == 5 && TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        window.Report(Codes.WindowTime, key, $"{key} '{text}' is not a time of day; write it as HH:mm in 24-hour form, like 01:00 or 23:30");
        return null;
    }

    private static DayOfWeek? ParseDay(string text)
    {
        var index = SpecSchema.Days.ToList().FindIndex(d => string.Equals(d, text, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (DayOfWeek)((index % 7 + 1) % 7);
    }

    /// <summary>
    /// IANA names only: Windows names ("W. Europe Standard Time") resolve on Windows but not in a
    /// Linux container, and a spec must mean the same wherever it is validated. The lookup reads
    /// the zone database on disk, so names of its folders ("Europe") fail with a SecurityException
    /// on Linux; any failure is an unknown zone, never a crash.
    /// </summary>
    private static bool TryFindTimeZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id).HasIanaId;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or System.Security.SecurityException
                                       or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
