using Reconciler.Diagnostics;

namespace Reconciler.Validation;

/// <summary>Policy values that parse but make no sense.</summary>
internal static class PolicyRules
{
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(24);

    public static void Check(ValidationContext context)
    {
        var shutdown = context.Spec.Policy.Shutdown;
        if (shutdown.Timeout <= TimeSpan.Zero || shutdown.Timeout > MaxTimeout)
        {
            context.Report(Codes.ShutdownTimeout, shutdown.Source["timeout"],
                $"shutdown timeout must be more than 0s and at most 24h; guests usually need 1m to 10m to shut down");
        }

        var health = context.Spec.Policy.Health;
        if (health.Timeout <= TimeSpan.Zero || health.Timeout > MaxTimeout)
        {
            context.Report(Codes.HealthTimeout, health.Source["timeout"],
                $"health timeout must be more than 0s and at most 24h; give the slowest guest time to boot, usually 5m to 15m");
        }
    }
}
