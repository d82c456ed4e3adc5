using System.Diagnostics.Tracing;

namespace Reconciler.HyperV.WsMan.Transport;

/// <summary>
/// The text GSSAPI gave for a failure ("Server HTTP/10.0.0.5@CORP.EXAMPLE.COM not found in
/// Kerberos database", "Clock skew too great", "Cannot find KDC for realm …"). .NET's
/// NegotiateAuthentication reduces it to a status code and writes the text only to its internal
/// event source; this listener catches those error events on the thread that raised them, while a
/// <see cref="Capture"/> is open there (the GSSAPI calls are synchronous). If a .NET version
/// stops writing them, the text is simply missing.
/// </summary>
internal sealed class GssapiMessages : EventListener
{
    private const string SourceName = "Private.InternalDiagnostics.System.Net.Security";
    private const string Marker = "GssApiException: ";

    [ThreadStatic]
    private static List<string>? _captured;

    private static readonly Lazy<GssapiMessages> Listener = new(() => new GssapiMessages());

    /// <summary>Collects GSSAPI failure texts raised on this thread until disposed.</summary>
    public static Scope Capture()
    {
        _ = Listener.Value;
        var outer = _captured;
        _captured = [];
        return new Scope(outer);
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SourceName)
        {
            EnableEvents(eventSource, EventLevel.Error);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_captured is not { } captured || eventData.Payload is null)
        {
            return;
        }

        foreach (var item in eventData.Payload)
        {
            if (item is string text && text.IndexOf(Marker, StringComparison.Ordinal) is var at and >= 0)
            {
                var message = text[(at + Marker.Length)..];
                var end = message.IndexOfAny(['\r', '\n']);
                captured.Add((end < 0 ? message : message[..end]).Trim());
            }
        }
    }

    /// <summary>An open capture; <see cref="Text"/> is what GSSAPI said so far, null when nothing.</summary>
    public sealed class Scope(List<string>? outer) : IDisposable
    {
        private readonly List<string> _mine = _captured!;

        public string? Text => _mine.Count == 0 ? null : string.Join("; ", _mine.Distinct(StringComparer.Ordinal));

        public void Dispose() => _captured = outer;
    }
}
