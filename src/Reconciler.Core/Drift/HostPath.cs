namespace Reconciler.Drift;

/// <summary>
/// Keys "GPU of a host" (or any host and name pair) the way Windows compares names: ignoring
/// case. A pair rather than a "host/path" string, so that the planner's lookups for tens of
/// thousands of VMs do not each build a string.
/// </summary>
internal sealed class HostPath : IEqualityComparer<(string Host, string Path)>
{
    public static HostPath Comparer { get; } = new();

    public bool Equals((string Host, string Path) x, (string Host, string Path) y) =>
        string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Path, y.Path, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Host, string Path) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Host), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Path));
}
