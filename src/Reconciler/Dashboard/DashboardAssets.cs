using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Reconciler.Dashboard;

/// <summary>The stylesheet, script and icon, embedded in the executable (no CDN, no files beside it), served under /dashboard/.</summary>
internal static class DashboardAssets
{
    public const string Prefix = "/dashboard/";

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    public static string Path(string name) => Prefix + name;

    public static Asset? Find(string name) => Assets.GetValueOrDefault(name);

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8"), ("icon.svg", "image/svg+xml") })
        {
            using var stream = assembly.GetManifestResourceStream("Dashboard." + name)
                ?? throw new InvalidOperationException($"the dashboard asset {name} is not embedded in {assembly.GetName().Name}");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            assets[name] = new Asset(bytes, type, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
