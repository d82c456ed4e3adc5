using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Reconciler.HyperV.WsMan.Transport;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// A small WS-Management client for one host over one <see cref="HttpClient"/>: WQL enumeration
/// (Enumerate + Pull), Get, Put and Invoke. Each call is one or more POSTs to /wsman; failures
/// become <see cref="WsManException"/>s that say whether trying again may help.
/// </summary>
public sealed class WsManClient(HttpClient http, Uri endpoint, TimeSpan operationTimeout, ILogger logger, HyperVMetrics metrics, int maxElements = WsManClient.DefaultMaxElements)
{
    /// <summary>Items per Enumerate/Pull; without it WinRM returns one item per Pull (wsman.md §2.2).</summary>
    public const int DefaultMaxElements = 512;

    public Uri Endpoint => endpoint;

    /// <summary>Runs a WQL query against the namespace wildcard URI and pulls every page.</summary>
    public async Task<IReadOnlyList<CimInstance>> EnumerateAsync(string wmiNamespace, string className, string wql, CancellationToken cancellationToken)
    {
        var uri = WildcardUri(wmiNamespace);
        var items = new List<CimInstance>();
        var response = await SendAsync(uri, EnumerateAction, null, Envelope.Enumerate(wql, maxElements), "Enumerate", cancellationToken).ConfigureAwait(false);
        var body = response.Root!.Element(Soap + "Body")!.Element(Enumeration + "EnumerateResponse")
            ?? throw Malformed("an Enumerate response without n:EnumerateResponse");
        var (context, done) = ReadPage(body, className, items, Wsm);
        while (!done && context is not null)
        {
            response = await SendAsync(uri, PullAction, null, Envelope.Pull(context, maxElements), "Pull", cancellationToken).ConfigureAwait(false);
            body = response.Root!.Element(Soap + "Body")!.Element(Enumeration + "PullResponse")
                ?? throw Malformed("a Pull response without n:PullResponse");
            (context, done) = ReadPage(body, className, items, Enumeration);
        }

        return items;
    }

    public async Task<CimInstance> GetAsync(string resourceUri, IReadOnlyList<KeyValuePair<string, string>> selectors, CancellationToken cancellationToken)
    {
        var response = await SendAsync(resourceUri, GetAction, selectors, null, "Get", cancellationToken).ConfigureAwait(false);
        var item = response.Root!.Element(Soap + "Body")!.Elements().FirstOrDefault() ?? throw Malformed("an empty Get response");
        return CimInstance.Read(item, ClassOf(resourceUri)) ?? throw Malformed("a Get response without an instance");
    }

    /// <summary>
    /// WS-Transfer Put of a whole instance: the element as the host sent it, with the changed
    /// properties. The Hyper-V module writes whole instances too (it Puts the object it read, MI
    /// ModifyInstance), so properties the provider does not know are written back as they were.
    /// </summary>
    public async Task PutAsync(string resourceUri, IReadOnlyList<KeyValuePair<string, string>> selectors, XElement instance, CancellationToken cancellationToken)
    {
        await SendAsync(resourceUri, PutAction, selectors, new XElement(instance), "Put", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Invokes a method; the result is the <c>Method_OUTPUT</c> element (ReturnValue, Job, …).</summary>
    public async Task<CimInstance> InvokeAsync(string classUri, IReadOnlyList<KeyValuePair<string, string>> selectors, string method, IEnumerable<InvokeParameter> parameters, CancellationToken cancellationToken)
    {
        var response = await SendAsync(classUri, $"{classUri}/{method}", selectors, Envelope.Invoke(classUri, method, parameters), method, cancellationToken).ConfigureAwait(false);
        var output = response.Root!.Element(Soap + "Body")!.Elements().FirstOrDefault() ?? throw Malformed($"an empty {method} response");
        return CimInstance.Read(output, $"{method}_OUTPUT")!;
    }

    private static (string? Context, bool Done) ReadPage(XElement body, string className, List<CimInstance> items, XNamespace itemsNamespace)
    {
        // The optimized first batch comes in w:Items, Pull pages in n:Items; accept either anywhere.
        var list = body.Element(itemsNamespace + "Items") ?? body.Element(Wsm + "Items") ?? body.Element(Enumeration + "Items");
        foreach (var item in list?.Elements() ?? [])
        {
            if (CimInstance.Read(item, className) is { } instance)
            {
                items.Add(instance);
            }
        }

        var context = body.Element(Enumeration + "EnumerationContext")?.Value.Trim();
        var done = body.Element(Wsm + "EndOfSequence") is not null || body.Element(Enumeration + "EndOfSequence") is not null;
        return (string.IsNullOrEmpty(context) ? null : context, done);
    }

    private async Task<XDocument> SendAsync(string resourceUri, string action, IReadOnlyList<KeyValuePair<string, string>>? selectors, object? body, string operation, CancellationToken cancellationToken)
    {
        var messageId = $"uuid:{Guid.NewGuid().ToString().ToUpperInvariant()}";
        var envelope = Envelope.Build(endpoint, resourceUri, action, messageId, operationTimeout, selectors, body);
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            // Re-sendable content: Negotiate spends the first send on the 401 handshake.
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope.ToString(SaveOptions.DisableFormatting)));
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            var document = Check(response.StatusCode, text, messageId);
            outcome = "ok";
            return document;
        }
        catch (WsManException ex)
        {
            outcome = ex.IsTransient ? "transient" : "fault";
            // Not found is an answer (a removed job, a standalone host's missing cluster namespace), not trouble.
            if (ex.IsNotFound || ex.Code == FaultCodes.CannotProcessFilter)
            {
                HyperVLog.NotFound(logger, operation, endpoint.Host, ex.CodeText, ex.Message);
            }
            else
            {
                HyperVLog.CallFailed(logger, operation, endpoint.Host, ex.CodeText, ex.Message);
            }

            throw;
        }
        catch (WsManAuthException ex)
        {
            // Kerberos/NTLM or the message security layer; the inner exception keeps the package,
            // status and SPN for whoever explains it to an admin.
            outcome = ex.IsTransient ? "transient" : "fault";
            HyperVLog.CallFailed(logger, operation, endpoint.Host, ex.Status?.ToString() ?? (ex.HttpStatus is { } h ? $"HTTP {h}" : ex.Package), ex.Message);
            throw new WsManException(ex.Message, ex.IsTransient, httpStatus: ex.HttpStatus, inner: ex);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException)
        {
            // An untrusted or misnamed certificate does not heal by retrying.
            outcome = "fault";
            throw new WsManException(
                $"the TLS certificate of {endpoint.Host} is not trusted ({ex.InnerException.Message}); set tls.caFile to the CA that issued the WinRM certificate (docs/hyperv.md)",
                isTransient: false, inner: ex);
        }
        catch (HttpRequestException ex)
        {
            outcome = "transient";
            throw new WsManException($"cannot reach {endpoint}: {ex.Message}", isTransient: true, inner: ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = "transient";
            throw new WsManException($"no answer from {endpoint} within {http.Timeout.TotalSeconds:0} s", isTransient: true, inner: ex);
        }
        finally
        {
            metrics.RecordCall(operation, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static XDocument Check(HttpStatusCode status, string text, string messageId)
    {
        if (status == HttpStatusCode.Unauthorized)
        {
            throw new WsManException("access denied (HTTP 401): check the user name and password files and that the auth scheme is enabled on the host's WinRM service", false, httpStatus: 401);
        }

        XDocument document;
        try
        {
            document = XDocument.Parse(text);
        }
        catch (XmlException)
        {
            // A 5xx without XML is an overloaded or restarting service; anything else is not WinRM.
            var transient = (int)status >= 500;
            throw new WsManException($"HTTP {(int)status} {status} without a SOAP envelope", transient, httpStatus: (int)status);
        }

        if (WsManException.FromFault(document, (int)status) is { } fault)
        {
            throw fault;
        }

        if (status != HttpStatusCode.OK || document.Root?.Element(Soap + "Body") is null)
        {
            throw new WsManException($"HTTP {(int)status} {status} without a SOAP body", (int)status >= 500, httpStatus: (int)status);
        }

        var relatesTo = document.Root.Element(Soap + "Header")?.Element(Addressing + "RelatesTo")?.Value.Trim();
        if (relatesTo is not null && !string.Equals(relatesTo, messageId, StringComparison.OrdinalIgnoreCase))
        {
            throw new WsManException($"the response relates to {relatesTo}, not to the request {messageId}", true);
        }

        return document;
    }

    private static string ClassOf(string resourceUri) => resourceUri[(resourceUri.LastIndexOf('/') + 1)..];

    private static WsManException Malformed(string what) => new($"the host sent {what}", false);
}
