using System.Globalization;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>How an alert reads to a person, the same in every chat channel.</summary>
internal static class AlertText
{
    /// <summary>"FIRING: lab drifted: vm/vdi-01" or "RESOLVED: ...".</summary>
    public static string Title(Alert alert) =>
        $"{(alert.State == AlertState.Firing ? "FIRING" : "RESOLVED")}: {alert.Cluster} {alert.Kind switch { AlertKind.Drift => "drifted", AlertKind.Failed => "failed a step", _ => "is stalled" }}: {alert.Object}";

    public static string Kind(Alert alert) => alert.Kind switch { AlertKind.Drift => "drift", AlertKind.Failed => "failed", _ => "stalled" };

    public static string State(Alert alert) => alert.State == AlertState.Firing ? "firing" : "resolved";

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The facts beside the message: field, desired, observed, revision, onset; missing ones left out.</summary>
    public static IEnumerable<(string Name, string Value)> Facts(Alert alert)
    {
        if (alert.Field is { } field)
        {
            yield return ("Field", field);
        }

        if (alert.Desired is { } desired)
        {
            yield return ("Desired", desired);
        }

        if (alert.Observed is { } observed)
        {
            yield return ("Observed", observed);
        }

        if (alert.Revision is { } revision)
        {
            yield return ("Revision", revision.Length > 12 ? revision[..12] : revision);
        }

        yield return ("Since", Time(alert.Onset));
    }
}
