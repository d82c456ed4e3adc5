using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Reconciler.Spec;

/// <summary>Durations as people write them in configs: <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
public static partial class DurationText
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = DurationPattern().Match(text.Trim());
        if (!match.Success || match.Length == 0 || !match.Groups.Cast<Group>().Skip(1).Any(g => g.Success))
        {
            return false;
        }

        long seconds = 0;
        foreach (var (group, factor) in new[] { ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (match.Groups[group].Success)
            {
                if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 10_000_000)
                {
                    return false;
                }

                seconds += value * factor;
            }
        }

        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>The shortest spelling that parses back to the same value.</summary>
    public static string Format(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        if (seconds == 0)
        {
            return "0s";
        }

        var text = new StringBuilder();
        foreach (var (unit, factor) in new[] { ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (seconds >= factor)
            {
                text.Append(CultureInfo.InvariantCulture, $"{seconds / factor}{unit}");
                seconds %= factor;
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^(?:(?<h>[0-9]+)h)?(?:(?<m>[0-9]+)m)?(?:(?<s>[0-9]+)s)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
