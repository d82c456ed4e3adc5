using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>
/// Alertmanager's API v2 (<c>POST /api/v2/alerts</c>). Labels identify the alert (Alertmanager
/// groups and deduplicates on them), so they carry the fingerprint and never the message.
/// A firing alert's <c>endsAt</c> lies two re-notify intervals ahead: Alertmanager would resolve
/// it by itself after its resolve_timeout otherwise, and we re-send it before then. A resolved
/// one ends now.
/// </summary>
internal sealed class AlertmanagerChannel(string name, HttpClient http, Uri baseUrl, TimeSpan renotifyInterval, string? generatorUrl)
    : HttpAlertChannel(name, http, AlertsUrl(baseUrl))
{
    public static Uri AlertsUrl(Uri baseUrl) => new(baseUrl.ToString().TrimEnd('/') + "/api/v2/alerts");

    public override JsonNode Payload(Alert alert)
    {
        var annotations = new JsonObject { ["summary"] = AlertText.Title(alert), ["description"] = alert.Message };
        foreach (var (fact, value) in AlertText.Facts(alert))
        {
            annotations[fact.ToLowerInvariant()] = value;
        }

        var item = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = alert.Kind switch { AlertKind.Drift => "ReconcilerDrift", AlertKind.Failed => "ReconcilerStepFailed", _ => "ReconcilerStalled" },
                ["cluster"] = alert.Cluster,
                ["object"] = alert.Object,
                ["fingerprint"] = alert.Fingerprint,
                ["severity"] = "warning",
            },
            ["annotations"] = annotations,
            ["startsAt"] = AlertText.Time(alert.Onset),
            ["endsAt"] = AlertText.Time(alert.State == AlertState.Resolved ? alert.At : alert.At + (2 * renotifyInterval)),
        };
        if (generatorUrl is not null)
        {
            item["generatorURL"] = generatorUrl;
        }

        return new JsonArray(item);
    }
}
