namespace Reconciler.Spec;

/// <summary>Memory-mapped I/O space a VM reserves for its devices (Set-VM -Low/HighMemoryMappedIoSpace).</summary>
public sealed record MmioSpace(ByteSize? Low, ByteSize? High, SourceMap Source);
