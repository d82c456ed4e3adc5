namespace Reconciler.HyperV.WsMan;

/// <summary>WS-Management fault codes worth acting on (wsmerror.h, wsman.md §3.2).</summary>
public static class FaultCodes
{
    public const long AccessDenied = 5;
    public const long ResourceNotFound = 2150858752;
    public const long InvalidHeader = 2150858767;
    public const long CannotProcessFilter = 2150858778;
    public const long TimedOut = 2150858793;
    public const long EncodingLimit = 2150858805;
    public const long InvalidSelectors = 2150858813;
    public const long SchemaValidation = 2150858817;
    public const long QuotaExceeded = 2150859173;

    /// <summary>The user's concurrent operations quota (txwinrm's recorded 2012 fault: "maximum number of concurrent operations for this user"); it passes as operations end.</summary>
    public const long ConcurrentOperationsQuota = 2150859174;

    /// <summary>WBEM_E_FAILED: a WMI provider refused a Put or method (the Hyper-V message says why).</summary>
    public const long WmiFailed = 0x80041001;

    public static bool IsTransient(long? code, string? subcode) =>
        code is TimedOut or QuotaExceeded or ConcurrentOperationsQuota
        || (subcode?.EndsWith("TimedOut", StringComparison.Ordinal) ?? false)
        || (subcode?.EndsWith("InvalidEnumerationContext", StringComparison.Ordinal) ?? false);
}
