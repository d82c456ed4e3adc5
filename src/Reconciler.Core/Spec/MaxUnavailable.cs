namespace Reconciler.Spec;

/// <summary>GPU VMs that may be down at once for changes: a number, or a percentage of the cluster's GPU VMs.</summary>
public readonly record struct MaxUnavailable(int Value, bool IsPercent)
{
    public static MaxUnavailable One => new(1, IsPercent: false);

    /// <summary>The budget for <paramref name="gpuVmCount"/> VMs: percentages round down, but never below one.</summary>
    public int Resolve(int gpuVmCount) => IsPercent ? Math.Max(1, gpuVmCount * Value / 100) : Value;

    public override string ToString() => IsPercent ? $"{Value}%" : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
