using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Cli.Alerts;

/// <summary>A Slack incoming webhook: a plain <c>text</c> (notifications, old clients) and Block Kit blocks.</summary>
internal sealed class SlackChannel(string name, HttpClient http, Uri url, string? generatorUrl) : HttpAlertChannel(name, http, url)
{
    public override JsonNode Payload(Alert alert)
    {
        var title = AlertText.Title(alert);
        var fields = new JsonArray([.. AlertText.Facts(alert).Select(f => (JsonNode)Mrkdwn($"*{f.Name}*\n{Escape(f.Value)}"))]);
        var context = $"fingerprint `{alert.Fingerprint}`{(generatorUrl is null ? "" : $" · <{generatorUrl}|status>")}";
        return new JsonObject
        {
            ["text"] = $"{title}: {alert.Message}",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title } },
                new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Escape(alert.Message)) },
                new JsonObject { ["type"] = "section", ["fields"] = fields },
                new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(context)) }),
        };
    }

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup; text from a host must not become a link or a mention.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
