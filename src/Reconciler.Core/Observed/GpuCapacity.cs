namespace Reconciler.Observed;

/// <summary>Total and available amounts of the four partition resources.</summary>
public sealed record GpuCapacity(ResourceAmount Vram, ResourceAmount Encode, ResourceAmount Decode, ResourceAmount Compute);
