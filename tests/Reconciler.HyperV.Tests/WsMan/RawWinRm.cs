using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Reconciler.HyperV.Fake;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Tests.WsMan;

/// <summary>Hand-made requests to the fake, for the shapes the client never sends.</summary>
internal static class RawWinRm
{
    public static async Task<(int Status, XDocument? Envelope)> SendAsync(FakeWinRmServer server, string body, string contentType = WsManNames.ContentType)
    {
        using var handler = new HttpClientHandler
        {
            // Trust exactly the fake's certificate.
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == server.Certificate.Thumbprint,
        };
        using var http = new HttpClient(handler);
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{server.Options.Username}:{server.Options.Password}"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        using var response = await http.PostAsync(new Uri($"https://127.0.0.1:{server.Ports.Values.First()}/wsman"), content);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : XDocument.Parse(text));
    }

    /// <summary>A well-formed envelope the tests then break in one place.</summary>
    public static XDocument Envelope(string resourceUri, string action, object? body, IEnumerable<KeyValuePair<string, string>>? selectors = null) =>
        Reconciler.HyperV.WsMan.Envelope.Build(new Uri("https://127.0.0.1/wsman"), resourceUri, action, "uuid:" + Guid.NewGuid().ToString().ToUpperInvariant(), TimeSpan.FromSeconds(30), selectors, body);

    public static long? FaultCode(XDocument? envelope) => envelope is null ? null : WsManException.FromFault(envelope, 500)?.Code;
}
