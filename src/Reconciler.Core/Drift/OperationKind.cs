namespace Reconciler.Drift;

/// <summary>The kinds of step a plan is made of; each maps to one provider call. Names are a contract (plan -o json).</summary>
public enum OperationKind
{
    StopVm,
    RemovePartitionAdapter,
    RemoveDdaDevice,
    RemoveGpuFromPool,
    MountGpu,
    DismountGpu,
    SetPartitionCount,
    CreatePool,
    AddGpuToPool,
    SetAutomaticStopAction,
    SetMmio,
    AddPartitionAdapter,
    AddDdaDevice,
    SetOfflineAction,
    StartVm,

    /// <summary>Offline move of a clustered VM's role to <see cref="OperationArguments.TargetHost"/> (failback, drain).</summary>
    MoveVm,
}
