using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Reconciler.Alerting;

namespace Reconciler.Alerts;

/// <summary>A channel that POSTs one JSON document per notification; subclasses shape the document.</summary>
internal abstract class HttpAlertChannel(string name, HttpClient http, Uri url) : IAlertChannel
{
    public string Name => name;

    public async Task DeliverAsync(Alert alert, CancellationToken cancellationToken)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(Payload(alert).ToJsonString());
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        Sign(request, body);
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The message names the status only: the URL may hold a secret (Slack, Teams).
            throw new HttpRequestException(HttpRequestError.Unknown, $"the receiver answered {(int)response.StatusCode} {response.ReasonPhrase}", statusCode: response.StatusCode);
        }
    }

    /// <summary>The document this kind of receiver understands.</summary>
    public abstract JsonNode Payload(Alert alert);

    /// <summary>Adds headers that prove the body came from us; none by default.</summary>
    protected virtual void Sign(HttpRequestMessage request, byte[] body)
    {
    }
}
