using Reconciler.Providers;

namespace Reconciler.HyperV.WsMan;

/// <summary>Hyper-V method return values and job error codes (wsman.md §6, hyperv-gpu.md §2.6).</summary>
public static class ReturnCodes
{
    public static string Describe(int value) => value switch
    {
        1 => "not supported",
        2 => "failed",
        3 => "timeout",
        4 => "invalid parameter",
        5 => "invalid state",
        6 => "incompatible parameters",
        4097 => "invalid state transition",
        4098 => "timeout parameter not supported",
        4099 => "busy",
        32768 => "failed",
        32769 => "access denied",
        32770 => "not supported",
        32771 => "status unknown",
        32772 => "timeout",
        32773 => "invalid parameter",
        32774 => "system in use",
        32775 => "invalid state for this operation",
        32776 => "incorrect data type",
        32777 => "system not available",
        32778 => "out of memory",
        32779 => "file not found",
        NotReady => "not ready",
        MachineLocked => "machine locked (needs Force)",
        ShutdownInProgress => "shutdown already in progress",
        _ => "unknown code",
    };

    /// <summary>InitiateShutdown: the guest is not ready to be asked yet (hyperv-gpu.md §2.7).</summary>
    public const int NotReady = 32780;

    /// <summary>InitiateShutdown: the guest is locked; only Force would pass it.</summary>
    public const int MachineLocked = 32781;

    /// <summary>InitiateShutdown: a shutdown was already asked for; it counts as asked.</summary>
    public const int ShutdownInProgress = 32782;

    /// <summary>Busy, in use, timeout, not available and not ready may pass; a broken rule or a bad parameter will not.</summary>
    public static ProviderErrorKind Kind(int value) =>
        value is 3 or 4099 or 32772 or 32774 or 32777 or NotReady ? ProviderErrorKind.Transient : ProviderErrorKind.Permanent;
}
