using Reconciler.Observed;

namespace Reconciler.Drift;

/// <summary>What must happen to one VM: the changes that need it off, and its power before and after.</summary>
internal sealed class VmWork(ObservedVm vm, VmTarget? target, int id)
{
    /// <summary>The order in which the VM's work was first needed: 0, 1, 2, ... (grouping indexes VMs by it).</summary>
    public int Id { get; } = id;

    public ObservedVm Vm { get; } = vm;

    /// <summary>Null for a VM the spec does not list (changed only when pruning).</summary>
    public VmTarget? Target { get; } = target;

    public string Name => Vm.Name;

    /// <summary>The node an offline move takes it to (failback or drain); null: it stays.</summary>
    public string? MoveTo { get; set; }

    /// <summary>The move is a failback to its preferred owner (not a drain).</summary>
    public bool IsFailback { get; set; }

    /// <summary>Where it runs once its work is done: where it moves to, or where it is.</summary>
    public string Host => MoveTo ?? Vm.Host;

    /// <summary>Steps that need the VM off, in order: removals, settings, additions.</summary>
    public List<Step> OffSteps { get; } = [];

    /// <summary>Steps that work whatever the VM's state (the cluster offline action).</summary>
    public List<Step> AnyTimeSteps { get; } = [];

    /// <summary>The VM must be off for a GPU change even without changes of its own (a running partition).</summary>
    public bool MustRelease { get; set; }

    private HashSet<string>? _released; // made on first use: most VMs of a fleet release nothing

    /// <summary>Notes a GPU this VM lets go of only because it changes (its own resource may still be right).</summary>
    public void Release(string gpu) => (_released ??= new(StringComparer.OrdinalIgnoreCase)).Add(gpu);

    /// <summary>Whether the VM lets go of <paramref name="gpu"/> only because it changes.</summary>
    public bool Released(string gpu) => _released?.Contains(gpu) == true;

    /// <summary>Running VMs of this plan whose partition this VM's start takes: it starts after they give it up.</summary>
    public List<string>? WaitsFor { get; set; }

    public bool Stop { get; set; }

    public bool Start { get; set; }

    public bool Blocked { get; set; }

    public bool IsRunning => Vm.State == VmPowerState.Running;

    public bool NeedsOff => OffSteps.Count > 0 || MustRelease;
}
