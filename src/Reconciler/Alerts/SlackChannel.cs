using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>A Slack incoming webhook: a plain <c>text</c> (notifications, old clients) and Block Kit blocks.</summary>
internal sealed class SlackChannel(string name, HttpClient http, Uri url, string? generatorUrl) : HttpAlertChannel(name, http, url)
{
    public override JsonNode Payload(Alert alert)
    {
        var title = AlertText.Title(alert);
        var fields = new JsonArray([.. AlertText.Facts(alert).Select(f => (JsonNode)Mrkdwn(Clip($"*{f.Name}*\n{Escape(f.Value)}", 2000)))]);
        var context = $"fingerprint `{alert.Fingerprint}`{(generatorUrl is null ? "" : $" · <{generatorUrl}|status>")}";
        return new JsonObject
        {
            ["text"] = $"{title}: {alert.Message}",
            ["blocks"] = new JsonArray(
                new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Clip(title, 150) } },
                new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Clip(Escape(alert.Message), 3000)) },
                new JsonObject { ["type"] = "section", ["fields"] = fields },
                new JsonObject { ["type"] = "context", ["elements"] = new JsonArray(Mrkdwn(context)) }),
        };
    }

    /// <summary>Slack refuses the whole message (400 invalid_blocks) when a block's text is over its limit.</summary>
    private static string Clip(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };

    /// <summary>Slack reads &amp;, &lt; and &gt; as markup; text from a host must not become a link or a mention.</summary>
    private static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
