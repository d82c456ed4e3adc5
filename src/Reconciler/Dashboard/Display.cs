using System.Globalization;
using Reconciler.Text;

namespace Reconciler.Dashboard;

/// <summary>How the pages write times, durations and revisions: UTC with the time since, short hashes.</summary>
internal static class Display
{
    public static string Short(string? revision) => revision is null ? "—" : CommitId.Short(revision);

    /// <summary>A &lt;time&gt; element: the UTC time, and how long ago it was (the script keeps the latter current).</summary>
    public static Markup When(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } time)
        {
            return new Markup("—");
        }

        var utc = time.ToUniversalTime();
        var format = utc.Date == now.ToUniversalTime().Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm";
        var iso = utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var text = utc.ToString(format, CultureInfo.InvariantCulture) + " UTC";
        return new Markup(new HtmlBuilder().Add($"<time datetime=\"{iso}\" title=\"{iso}\">{text}</time> <span class=\"ago\" data-since=\"{iso}\">{Ago(now - utc)}</span>").ToString());
    }

    /// <summary>"12 s ago", "in 3 h 5 min".</summary>
    public static string Ago(TimeSpan span) =>
        span < TimeSpan.Zero ? $"in {Duration(-span)}" : $"{Duration(span)} ago";

    public static string Duration(TimeSpan span)
    {
        if (span.TotalSeconds < 1)
        {
            return span.TotalMilliseconds < 1 ? "0 s" : $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
        }

        if (span.TotalMinutes < 1)
        {
            return $"{span.TotalSeconds.ToString(span.TotalSeconds < 10 ? "0.#" : "0", CultureInfo.InvariantCulture)} s";
        }

        if (span.TotalHours < 1)
        {
            return span.Seconds == 0 ? $"{span.Minutes} min" : $"{span.Minutes} min {span.Seconds} s";
        }

        return span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min" : $"{(int)span.TotalDays} d {span.Hours} h";
    }

    public static string Plural(int count, string one, string many) => count == 1 ? $"1 {one}" : $"{count} {many}";
}
