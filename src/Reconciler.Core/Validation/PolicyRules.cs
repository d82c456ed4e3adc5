using Reconciler.Diagnostics;

namespace Reconciler.Validation;

/// <summary>Policy values that parse but make no sense.</summary>
internal static class PolicyRules
{
    private static readonly TimeSpan MaxShutdownTimeout = TimeSpan.FromHours(24);

    public static void Check(ValidationContext context)
    {
        var shutdown = context.Spec.Policy.Shutdown;
        if (shutdown.Timeout <= TimeSpan.Zero || shutdown.Timeout > MaxShutdownTimeout)
        {
            context.Report(Codes.ShutdownTimeout, shutdown.Source["timeout"],
                $"shutdown timeout must be more than 0s and at most 24h; guests usually need 1m to 10m to shut down");
        }
    }
}
