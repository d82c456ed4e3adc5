namespace Reconciler.Observed;

/// <summary>
/// A DDA device of a VM: a GPU by location path, or a claim on a pool that the cluster resolves
/// at start (then <see cref="LocationPath"/> is the GPU it got while the VM runs, null otherwise).
/// </summary>
public sealed record DdaDevice(string? LocationPath, string? Pool)
{
    public override string ToString() => Pool is null ? LocationPath ?? "" : $"pool {Pool}{(LocationPath is null ? "" : $" ({LocationPath})")}";
}
