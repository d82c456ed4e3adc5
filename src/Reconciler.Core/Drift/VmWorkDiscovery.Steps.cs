using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Drift;

/// <summary>The small readings and edits of a VM's steps that Plan uses: what the spec wants in words, and where DDA steps go.</summary>
internal sealed partial class VmWorkDiscovery
{
    private static string Wanted(ResourceTarget resource) => resource switch
    {
        PartitionTarget { Vram: { } v } => $"a {v.ToDisplayString()} partition",
        PartitionTarget => "a partition",
        DdaPoolTarget p => $"{p.Count} GPU(s) of pool {p.Pool}",
        _ => "its GPU resource",
    };

    private static bool HasStep(List<Step> steps, OperationKind kind)
    {
        foreach (var step in steps)
        {
            if (step.Kind == kind)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The VM's DDA devices less those its work already removes.</summary>
    private static List<DdaDevice> DevicesNotRemoved(VmWork work, ObservedVm vm)
    {
        var devices = new List<DdaDevice>(vm.DdaDevices.Count);
        foreach (var device in vm.DdaDevices)
        {
            if (!work.OffSteps.Exists(s => s.Kind == OperationKind.RemoveDdaDevice && s.Arguments.Device == device))
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    /// <summary>Another VM of the host that has the GPU at <paramref name="path"/> passed through.</summary>
    private ObservedVm? DdaOwner(ObservedVm vm, string path) =>
        cluster.Host(vm.Host)?.Vms.FirstOrDefault(v => v != vm && v.DdaDevices.Any(d => d.Pool is null && Same(d.LocationPath, path)));

    private static bool HoldsByDda(List<DdaDevice> devices, string path) => devices.Exists(d => d.Pool is null && Same(d.LocationPath, path));

    private static List<DdaDevice> FromPool(List<DdaDevice> devices, string pool) => devices.FindAll(d => Same(d.Pool, pool));

    private static void PrepareForDda(VmWork work, VmTarget target)
    {
        if (target.Observed.AutomaticStopAction != AutomaticStopAction.TurnOff)
        {
            InsertBeforeAdds(work, new Step(OperationKind.SetAutomaticStopAction, new OperationArguments { StopAction = AutomaticStopAction.TurnOff }, null,
                $"set {target.Name}'s automatic stop action to TurnOff, as DDA requires"));
        }
    }

    private static void InsertBeforeAdds(VmWork work, Step step)
    {
        var index = work.OffSteps.FindIndex(s => s.Kind is OperationKind.AddDdaDevice or OperationKind.AddPartitionAdapter);
        work.OffSteps.Insert(index < 0 ? work.OffSteps.Count : index, step);
    }
}
