using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Checks;

/// <summary>
/// Sends WS-Man Identify (DSP0226 §11): the request Test-WSMan sends, an empty header and
/// <c>wsmid:Identify</c>; anonymous with <c>WSMANIDENTIFY: unauthenticated</c> (Microsoft Learn,
/// Test-WSMan; chef knife-windows wsman_test), otherwise with the connection's credentials.
/// </summary>
public static class WsManIdentify
{
    private static readonly XNamespace Wsmid = "http://schemas.dmtf.org/wbem/wsman/identity/1/wsmanidentity.xsd";

    /// <exception cref="WsManException">The host answered, but not with an IdentifyResponse (HTTP 401, a fault, not WS-Man).</exception>
    /// <exception cref="HttpRequestException">No HTTP answer: connection or TLS failure.</exception>
    public static async Task<IdentifyReply> SendAsync(HttpClient http, Uri endpoint, bool anonymous, CancellationToken cancellationToken)
    {
        var envelope = new XDocument(new XElement(WsManNames.Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "s", WsManNames.Soap),
            new XAttribute(XNamespace.Xmlns + "wsmid", Wsmid),
            new XElement(WsManNames.Soap + "Header"),
            new XElement(WsManNames.Soap + "Body", new XElement(Wsmid + "Identify"))));
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope.ToString(SaveOptions.DisableFormatting)));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(WsManNames.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        if (anonymous)
        {
            request.Headers.Add("WSMANIDENTIFY", "unauthenticated");
        }

        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new WsManException("HTTP 401: the host refused the request's authentication", false, httpStatus: 401);
        }

        return Parse(text, (int)response.StatusCode);
    }

    /// <summary>Reads an IdentifyResponse out of a reply body.</summary>
    public static IdentifyReply Parse(string text, int status)
    {
        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException)
        {
            throw new WsManException($"HTTP {status} without a SOAP envelope: not a WinRM listener", false, httpStatus: status);
        }

        if (WsManException.FromFault(document, status) is { } fault)
        {
            throw fault;
        }

        var reply = document.Root?.Element(WsManNames.Soap + "Body")?.Element(Wsmid + "IdentifyResponse")
            ?? throw new WsManException($"HTTP {status} without an IdentifyResponse: not a WS-Management listener", false, httpStatus: status);
        return new IdentifyReply(
            reply.Element(Wsmid + "ProductVendor")?.Value.Trim() ?? "",
            reply.Element(Wsmid + "ProductVersion")?.Value.Trim() ?? "",
            reply.Element(Wsmid + "SecurityProfiles")?.Elements(Wsmid + "SecurityProfileName").Select(e => e.Value.Trim()).ToList() ?? []);
    }
}
