using System.Xml.Linq;

namespace Reconciler.HyperV.WsMan;

/// <summary>The XML namespaces, action URIs and resource URIs WinRM speaks (wsman.md §1).</summary>
internal static class WsManNames
{
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    public static readonly XNamespace Addressing = "http://schemas.xmlsoap.org/ws/2004/08/addressing";
    public static readonly XNamespace Enumeration = "http://schemas.xmlsoap.org/ws/2004/09/enumeration";
    public static readonly XNamespace Transfer = "http://schemas.xmlsoap.org/ws/2004/09/transfer";
    public static readonly XNamespace Wsm = "http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd";
    public static readonly XNamespace MsWsMan = "http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd";
    public static readonly XNamespace Fault = "http://schemas.microsoft.com/wbem/wsman/1/wsmanfault";
    public static readonly XNamespace Cim = "http://schemas.dmtf.org/wbem/wscim/1/common";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    public const string Anonymous = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous";
    public const string WqlDialect = "http://schemas.microsoft.com/wbem/wsman/1/WQL";

    public const string EnumerateAction = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate";
    public const string PullAction = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull";
    public const string ReleaseAction = "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release";
    public const string GetAction = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get";
    public const string PutAction = "http://schemas.xmlsoap.org/ws/2004/09/transfer/Put";

    public const string ContentType = "application/soap+xml;charset=UTF-8";

    /// <summary>The WMI plugin's URI prefix; a namespace or class path follows.</summary>
    public const string WmiBase = "http://schemas.microsoft.com/wbem/wsman/1/wmi/";

    public const string Virtualization = "root/virtualization/v2";
    public const string Cluster = "root/MSCluster";
    public const string Cimv2 = "root/cimv2";

    /// <summary>The class resource URI used for Get, Put, Invoke and the items' namespace.</summary>
    public static string ClassUri(string wmiNamespace, string className) => $"{WmiBase}{wmiNamespace}/{className}";

    /// <summary>The namespace wildcard URI that WQL enumerations must use (wsman.md §0.2).</summary>
    public static string WildcardUri(string wmiNamespace) => $"{WmiBase}{wmiNamespace}/*";
}
