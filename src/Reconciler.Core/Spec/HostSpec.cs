namespace Reconciler.Spec;

/// <summary>A host the spec manages, and the GPUs on it that it manages.</summary>
public sealed record HostSpec(string Name, ValueList<GpuSelector> Gpus, DriverVersion? HostDriver, SourceMap Source)
{
    /// <summary>Empty the host of GPU VMs (offline moves to nodes with capacity) for maintenance.</summary>
    public bool Drain { get; init; }
}
