namespace Reconciler.Spec;

/// <summary>A VM the spec manages. A VM without <see cref="Gpu"/> must hold no GPU resource.</summary>
public sealed record VmSpec(
    string Name,
    string? Host,
    GpuRequest? Gpu,
    MmioSpace? Mmio,
    PowerIntent Power,
    OfflineAction? OfflineAction,
    string? GuestOs,
    DriverVersion? GuestDriver,
    SourceMap Source);
