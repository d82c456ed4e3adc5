using Reconciler.Observed;

namespace Reconciler.Review;

/// <summary>
/// For the dashboard's picture: the power states of one side's VMs against the other side's. A VM
/// that is off where the other side runs it has drifted, and its slot says so ("vdi-01 · Off").
/// </summary>
internal sealed record SlotPower(HostLayout? Self, HostLayout? Other)
{
    public SlotPower Swapped => new(Other, Self);

    public bool Differs(string? vm) =>
        vm is not null && Self?.Vm(vm) is { } mine && Other?.Vm(vm) is { } theirs && mine.State != theirs.State;

    /// <summary>"vdi-01 · Off" for a VM that is not running; running VMs are just their name.</summary>
    public string? Label(string? vm) =>
        vm is not null && Self?.Vm(vm) is { } mine && mine.State != VmPowerState.Running ? $"{vm} · {mine.State}" : vm;
}
