namespace Reconciler.Checks;

/// <summary>
/// One GPU as Windows Admin Center's GPUs tab lists it: its host, location path, model, the
/// "Assigned status" (<see cref="GpuStatusText"/>), the partition count when partitioned, and
/// the host's driver version.
/// </summary>
public sealed record GpuInventoryLine(string Host, string LocationPath, string Model, string Status, int? PartitionCount, string? HostDriver);
