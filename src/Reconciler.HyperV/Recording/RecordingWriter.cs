using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using Reconciler.HyperV.WsMan;

namespace Reconciler.HyperV.Recording;

/// <summary>
/// The files of one recording directory, shared by every host's <see cref="RecordingHandler"/>:
/// numbered envelope files and the <c>exchanges.jsonl</c> index, written in the order exchanges end.
/// </summary>
public sealed class RecordingWriter(string directory, Redactor redactor)
{
    public const string IndexFile = "exchanges.jsonl";

    /// <summary>The cluster and host names the recording was made with, so a replay can open the provider as it was.</summary>
    public const string HeaderFile = "recording.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();
    private int _sequence;

    public string Directory => directory;

    /// <summary>Starts a recording: the directory and its <see cref="HeaderFile"/>.</summary>
    public static RecordingWriter Start(string directory, string cluster, IEnumerable<string> hosts, Redactor redactor)
    {
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, HeaderFile), JsonSerializer.Serialize(new RecordingHeader(cluster, hosts.ToList()), Json) + "\n");
        return new RecordingWriter(directory, redactor);
    }

    public void Write(string host, DateTimeOffset at, TimeSpan elapsed, string request, int? status, string? response, string? contentType, string? error)
    {
        var (action, resourceUri) = Describe(request);
        lock (_lock)
        {
            System.IO.Directory.CreateDirectory(directory);
            var sequence = ++_sequence;
            var stem = $"{sequence.ToString("0000", CultureInfo.InvariantCulture)}-{Safe(host)}-{Safe(action[(action.LastIndexOf('/') + 1)..])}";
            var requestFile = stem + ".request.xml";
            File.WriteAllText(Path.Combine(directory, requestFile), redactor.Redact(request));
            string? responseFile = null;
            if (response is not null)
            {
                responseFile = stem + ".response.xml";
                File.WriteAllText(Path.Combine(directory, responseFile), redactor.Redact(response));
            }

            var line = JsonSerializer.Serialize(new RecordedExchange(sequence, host, action, resourceUri, status, contentType, error, at, elapsed.TotalMilliseconds, requestFile, responseFile), Json);
            File.AppendAllText(Path.Combine(directory, IndexFile), redactor.Redact(line) + "\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }

    /// <summary>The WS-Man action and resource URI of a request envelope; empty when it is not one.</summary>
    public static (string Action, string ResourceUri) Describe(string envelope)
    {
        try
        {
            var header = XDocument.Parse(envelope).Root?.Element(WsManNames.Soap + "Header");
            return (header?.Element(WsManNames.Addressing + "Action")?.Value.Trim() ?? "", header?.Element(WsManNames.Wsm + "ResourceURI")?.Value.Trim() ?? "");
        }
        catch (System.Xml.XmlException)
        {
            return ("", "");
        }
    }

    private static string Safe(string text)
    {
        var safe = new string(text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return safe.Length == 0 ? "x" : safe;
    }
}
