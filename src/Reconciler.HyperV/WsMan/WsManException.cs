using System.Globalization;
using System.Xml.Linq;
using Reconciler.Providers;
using static Reconciler.HyperV.WsMan.WsManNames;

namespace Reconciler.HyperV.WsMan;

/// <summary>
/// A failed WS-Management call: a SOAP fault (with the WSManFault or MSFT_WmiError code), an HTTP
/// status, or a transport failure. <see cref="IsTransient"/> says whether trying again may help.
/// </summary>
public sealed class WsManException : Exception
{
    public WsManException(string message, bool isTransient, long? code = null, string? subcode = null, int? httpStatus = null, Exception? inner = null)
        : base(message, inner)
    {
        IsTransient = isTransient;
        Code = code;
        Subcode = subcode;
        HttpStatus = httpStatus;
    }

    public WsManException()
        : this("WS-Management call failed", false)
    {
    }

    public WsManException(string message)
        : this(message, false)
    {
    }

    public WsManException(string message, Exception inner)
        : this(message, false, inner: inner)
    {
    }

    public bool IsTransient { get; }

    /// <summary>The WSManFault Code (a Win32 error or HRESULT, decimal) or MSFT_WmiError error_Code.</summary>
    public long? Code { get; }

    /// <summary>The SOAP subcode, e.g. <c>w:TimedOut</c> or <c>a:DestinationUnreachable</c>.</summary>
    public string? Subcode { get; }

    public int? HttpStatus { get; }

    /// <summary>The resource URI and selectors match nothing (a job that has been removed, a deleted VM).</summary>
    public bool IsNotFound => Code == FaultCodes.ResourceNotFound || (Subcode?.EndsWith("DestinationUnreachable", StringComparison.Ordinal) ?? false);

    /// <summary>"WSMan 2150858752 a:DestinationUnreachable", the code carried into <see cref="ProviderException.Code"/>.</summary>
    public string CodeText => string.Join(" ", new[] { Code is { } c ? $"WSMan {c.ToString(CultureInfo.InvariantCulture)}" : HttpStatus is { } h ? $"HTTP {h.ToString(CultureInfo.InvariantCulture)}" : null, Subcode }.Where(s => s is not null));

    public ProviderException ToProviderException(string host, string doing) =>
        new(IsTransient ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent, $"host {host}: {doing}: {Message}", CodeText, this);

    /// <summary>Reads the fault of a response envelope; null when it has none.</summary>
    public static WsManException? FromFault(XDocument envelope, int httpStatus)
    {
        var fault = envelope.Root?.Element(Soap + "Body")?.Element(Soap + "Fault");
        if (fault is null)
        {
            return null;
        }

        var subcode = fault.Element(Soap + "Code")?.Element(Soap + "Subcode")?.Element(Soap + "Value")?.Value.Trim();
        var reason = fault.Element(Soap + "Reason")?.Element(Soap + "Text")?.Value.Trim();
        var detail = fault.Element(Soap + "Detail");
        var wsmanFault = detail?.Element(Fault + "WSManFault");
        var wmiError = detail?.Elements().FirstOrDefault(e => e.Name.LocalName == "MSFT_WmiError");
        var codeText = (string?)wsmanFault?.Attribute("Code") ?? wmiError?.Elements().FirstOrDefault(e => e.Name.LocalName == "error_Code")?.Value;
        long? code = long.TryParse(codeText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

        // The innermost provider message says most (e.g. "The specified class does not exist").
        var message = wsmanFault?.Descendants(Fault + "Message").Select(m => m.Nodes().OfType<XText>().FirstOrDefault()?.Value.Trim())
                .LastOrDefault(m => !string.IsNullOrEmpty(m))
            ?? wmiError?.Elements().FirstOrDefault(e => e.Name.LocalName == "Message")?.Value.Trim()
            ?? reason
            ?? "the host answered with a SOAP fault";
        if (reason is not null && !message.Contains(reason, StringComparison.Ordinal) && message != reason)
        {
            message = $"{reason} ({message})";
        }

        return new WsManException(message, FaultCodes.IsTransient(code, subcode), code, subcode, httpStatus);
    }
}
