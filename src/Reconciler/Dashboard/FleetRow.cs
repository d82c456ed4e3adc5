using Reconciler.Service;
using Reconciler.Observed;
using Reconciler.Planning;
using Reconciler.Reconciliation;
using Reconciler.Spec;

namespace Reconciler.Dashboard;

/// <summary>One cluster as the fleet page lists it, worked out from the status board.</summary>
/// <param name="VmsDown">VMs the spec wants running that are not, as last observed (null: not observed yet).</param>
/// <param name="Budget">maxUnavailable resolved against the spec's GPU VMs.</param>
/// <param name="Window">"open now", "any time", or when the next maintenance window opens.</param>
internal sealed record FleetRow(ClusterStatus Status, ClusterView? View, ClusterHealth Health, int? VmsDown, int? Budget, string Window, DateTimeOffset? WindowOpens, GpuUsage? Gpus)
{
    public static FleetRow Of(ClusterStatus status, ClusterView? view, DateTimeOffset now)
    {
        var spec = view?.Spec;
        var (window, opens) = spec is null ? ("—", (DateTimeOffset?)null) : WindowOf(spec.Policy.Windows, now);
        return new FleetRow(status, view, ClusterHealth.Of(status, view), VmsDownOf(spec, view?.Observed), BudgetOf(spec), window, opens, GpuUsage.Of(view?.Observed));
    }

    /// <summary>Needs a person first (Stalled, Failed, Blocked, Drifted), then by name.</summary>
    public static IReadOnlyList<FleetRow> Sorted(IEnumerable<FleetRow> rows) =>
        [.. rows.OrderBy(r => r.Health.State).ThenBy(r => r.Status.Name, StringComparer.OrdinalIgnoreCase)];

    public static int? VmsDownOf(ClusterSpec? spec, ObservedCluster? observed) =>
        spec is null || observed is null
            ? null
            : spec.Vms.Count(v => v.Power == PowerIntent.Running && observed.Vm(v.Name) is { State: not VmPowerState.Running });

    public static int? BudgetOf(ClusterSpec? spec) =>
        spec?.Policy.MaxUnavailable.Resolve(spec.Vms.Count(v => v.Gpu is not null));

    private static (string Text, DateTimeOffset? Opens) WindowOf(ValueList<MaintenanceWindow> windows, DateTimeOffset now)
    {
        if (windows.Count == 0)
        {
            return ("any time", null);
        }

        if (MaintenanceSchedule.IsOpen(windows, now))
        {
            return ("open now", null);
        }

        return MaintenanceSchedule.NextOpening(windows, now) is { } next ? ("opens", next) : ("none within 2 weeks", null);
    }
}
