using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>
/// A generic JSON webhook: the alert as one flat object. With a secret, the body is signed
/// HMAC-SHA256 and the receiver checks <c>X-Reconciler-Signature: sha256=&lt;hex&gt;</c> over the raw
/// body, as with GitHub's webhooks.
/// </summary>
internal sealed class WebhookChannel(string name, HttpClient http, Uri url, string? secret, string? generatorUrl) : HttpAlertChannel(name, http, url)
{
    public const string SignatureHeader = "X-Reconciler-Signature";

    public override JsonNode Payload(Alert alert) => new JsonObject
    {
        ["version"] = "1",
        ["kind"] = AlertText.Kind(alert),
        ["state"] = AlertText.State(alert),
        ["cluster"] = alert.Cluster,
        ["object"] = alert.Object,
        ["field"] = alert.Field,
        ["desired"] = alert.Desired,
        ["observed"] = alert.Observed,
        ["message"] = alert.Message,
        ["onset"] = AlertText.Time(alert.Onset),
        ["at"] = AlertText.Time(alert.At),
        ["revision"] = alert.Revision,
        ["fingerprint"] = alert.Fingerprint,
        ["generatorUrl"] = generatorUrl,
    };

    /// <summary>The signature header's value for a body: <c>sha256=</c> and the lowercase hex HMAC.</summary>
    public static string Signature(string secret, ReadOnlySpan<byte> body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), body));

    protected override void Sign(HttpRequestMessage request, byte[] body)
    {
        if (secret is not null)
        {
            request.Headers.TryAddWithoutValidation(SignatureHeader, Signature(secret, body));
        }
    }
}
