using Reconciler.Catalog;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Cli;

/// <summary>
/// Loads the spec named by <c>-f</c> and picks the cluster the target is, refusing an invalid spec.
/// Findings go to <paramref name="output"/>, which callers point at standard error so JSON on standard output stays clean.
/// </summary>
internal static class SpecArgument
{
    public static Spec.ClusterSpec? Load(string path, string clusterName, TextWriter output)
    {
        var (sources, unreadable) = SpecFiles.Read([path], YamlLimits.Default);
        var set = SpecSet.Load(sources, GpuCatalog.Default, YamlLimits.Default, unreadable);
        foreach (var diagnostic in set.Diagnostics)
        {
            output.WriteLine(diagnostic);
        }

        if (!set.IsValid)
        {
            output.WriteLine($"{path} is not valid; nothing was planned (run reconciler validate {path} for details)");
            return null;
        }

        var cluster = set.Clusters.Count == 1
            ? set.Clusters[0]
            : set.Clusters.FirstOrDefault(c => string.Equals(c.Spec.Name, clusterName, StringComparison.Ordinal));
        if (cluster is null && clusterName.Length == 0)
        {
            throw new UsageException($"{path} holds {set.Clusters.Count} clusters ({string.Join(", ", set.Clusters.Select(c => c.Spec.Name))}); without a target, give a file with one GpuCluster");
        }

        if (cluster is null)
        {
            throw new UsageException($"{path} has no GpuCluster named {clusterName} (the target cluster); it has {string.Join(", ", set.Clusters.Select(c => c.Spec.Name))}");
        }

        if (clusterName.Length > 0 && !string.Equals(cluster.Spec.Name, clusterName, StringComparison.Ordinal))
        {
            output.WriteLine($"note: the spec is for cluster {cluster.Spec.Name}, the target is {clusterName}");
        }

        return cluster.Spec;
    }
}
