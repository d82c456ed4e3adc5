namespace Reconciler.Spec;

/// <summary>Whole GPUs: the GPU at a location path on the VM's host, or <see cref="Count"/> GPUs from a pool.</summary>
public sealed record DdaRequest(string? LocationPath, string? Pool, int Count, SourceMap Source) : GpuRequest(Source);
