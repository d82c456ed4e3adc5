namespace Reconciler.Spec;

/// <summary>A host the spec manages, and the GPUs on it that it manages.</summary>
public sealed record HostSpec(string Name, ValueList<GpuSelector> Gpus, DriverVersion? HostDriver, SourceMap Source);
