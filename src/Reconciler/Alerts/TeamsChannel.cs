using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>
/// Microsoft Teams, through a Workflows (Power Automate) "post to a channel when a webhook request
/// is received" URL or a legacy incoming webhook: both take a message with one Adaptive Card.
/// </summary>
internal sealed class TeamsChannel(string name, HttpClient http, Uri url, string? generatorUrl) : HttpAlertChannel(name, http, url)
{
    public override JsonNode Payload(Alert alert)
    {
        var facts = new JsonArray([.. AlertText.Facts(alert).Select(f => (JsonNode)new JsonObject { ["title"] = f.Name, ["value"] = f.Value })]);
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = AlertText.Title(alert),
                    ["weight"] = "Bolder",
                    ["size"] = "Medium",
                    ["color"] = alert.State == AlertState.Firing ? "Attention" : "Good",
                    ["wrap"] = true,
                },
                new JsonObject { ["type"] = "TextBlock", ["text"] = alert.Message, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts }),
        };
        if (generatorUrl is not null)
        {
            card["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Status", ["url"] = generatorUrl });
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = card,
            }),
        };
    }
}
