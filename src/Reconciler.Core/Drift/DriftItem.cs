using System.Security.Cryptography;
using System.Text;

namespace Reconciler.Drift;

/// <summary>
/// One difference between the spec and the cluster. <see cref="Fingerprint"/> depends only on
/// cluster, object and field, so the same drift keeps the same identity from one tick to the next
/// (alerts deduplicate on it) whatever the values or the wording.
/// </summary>
public sealed record DriftItem(string Cluster, string Object, string Field, string Desired, string Observed, string Sentence)
{
    public string Fingerprint { get; } = FingerprintOf(Cluster, Object, Field);

    public static string FingerprintOf(string cluster, string obj, string field)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{cluster}\n{obj.ToUpperInvariant()}\n{field}"));
        return Convert.ToHexStringLower(bytes)[..16];
    }
}
