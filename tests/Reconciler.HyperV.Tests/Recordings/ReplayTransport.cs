using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Reconciler.HyperV.Recording;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Tests.Recordings;

/// <summary>
/// Serves a recording back to the provider in place of the hosts: each request is answered with
/// the recorded response to the same request (same host, action, resource URI, selectors and
/// body), in recorded order when the same request was made more than once (a job polled), with
/// RelatesTo set to the new request's MessageID as a live host would. A request the recording
/// does not hold fails the call and is listed in <see cref="Unexpected"/>.
/// </summary>
public sealed class ReplayTransport
{
    private readonly Dictionary<string, Queue<(RecordedExchange Exchange, string? Response)>> _answers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public ReplayTransport(string directory)
    {
        Directory = directory;
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Header = JsonSerializer.Deserialize<RecordingHeader>(File.ReadAllText(Path.Combine(directory, RecordingWriter.HeaderFile)), json)!;
        foreach (var line in File.ReadLines(Path.Combine(directory, RecordingWriter.IndexFile)).Where(l => l.Length > 0))
        {
            var exchange = JsonSerializer.Deserialize<RecordedExchange>(line, json)!;
            var key = Key(exchange.Host, File.ReadAllText(Path.Combine(directory, exchange.RequestFile)));
            var response = exchange.ResponseFile is null ? null : File.ReadAllText(Path.Combine(directory, exchange.ResponseFile));
            if (!_answers.TryGetValue(key, out var queue))
            {
                _answers[key] = queue = new();
            }

            queue.Enqueue((exchange, response));
        }
    }

    public string Directory { get; }

    public RecordingHeader Header { get; }

    public List<string> Unexpected { get; } = [];

    /// <summary>Recorded exchanges nobody asked for again.</summary>
    public int Unserved
    {
        get
        {
            lock (_lock)
            {
                return _answers.Values.Sum(q => q.Count);
            }
        }
    }

    public HttpMessageHandler For(string host) => new Handler(this, host);

    /// <summary>What makes two requests the same: host, action, resource URI, selectors and body; never the MessageID.</summary>
    private static string Key(string host, string envelope)
    {
        var document = XDocument.Parse(envelope);
        var header = document.Root!.Element(WsManNames.Soap + "Header")!;
        var selectors = (header.Element(WsManNames.Wsm + "SelectorSet")?.Elements() ?? []).Select(s => $"{(string?)s.Attribute("Name")}={s.Value}").Order(StringComparer.Ordinal);
        var body = document.Root.Element(WsManNames.Soap + "Body")!;
        return string.Join("\n", host.ToUpperInvariant(), header.Element(WsManNames.Addressing + "Action")?.Value, header.Element(WsManNames.Wsm + "ResourceURI")?.Value,
            string.Join("&", selectors), body.ToString(SaveOptions.DisableFormatting));
    }

    private HttpResponseMessage Answer(string host, string request)
    {
        var key = Key(host, request);
        (RecordedExchange Exchange, string? Response) answer;
        lock (_lock)
        {
            if (!_answers.TryGetValue(key, out var queue) || !queue.TryDequeue(out answer))
            {
                Unexpected.Add(key);
                throw new HttpRequestException($"the recording in {Directory} holds no (further) answer to this request to {host}: {RecordingWriter.Describe(request)}");
            }
        }

        if (answer.Response is null)
        {
            throw new HttpRequestException($"recorded transport failure: {answer.Exchange.Error}");
        }

        var messageId = XDocument.Parse(request).Root!.Element(WsManNames.Soap + "Header")!.Element(WsManNames.Addressing + "MessageID")!.Value;
        var text = answer.Response;
        if (text.Length > 0 && text.TrimStart().StartsWith('<'))
        {
            var document = XDocument.Parse(text);
            if (document.Root?.Element(WsManNames.Soap + "Header")?.Element(WsManNames.Addressing + "RelatesTo") is { } relatesTo)
            {
                relatesTo.Value = messageId;
            }

            text = document.ToString(SaveOptions.DisableFormatting);
        }

        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = answer.Exchange.ContentType is { } type ? MediaTypeHeaderValue.Parse(type) : null;
        return new HttpResponseMessage((HttpStatusCode)answer.Exchange.Status!.Value) { Content = content };
    }

    private sealed class Handler(ReplayTransport transport, string host) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            transport.Answer(host, await request.Content!.ReadAsStringAsync(cancellationToken));
    }
}
