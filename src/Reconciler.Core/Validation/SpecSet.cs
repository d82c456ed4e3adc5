using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Yaml;

namespace Reconciler.Validation;

/// <summary>Every cluster of a set of files, and every finding about them, sorted by place.</summary>
public sealed record SpecSet(IReadOnlyList<ValidatedCluster> Clusters, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool IsValid => !Diagnostics.Any(d => d.IsError);

    public int ErrorCount => Diagnostics.Count(d => d.IsError);

    public int WarningCount => Diagnostics.Count(d => !d.IsError);

    /// <summary>Loads and validates every file; a cluster is valid when neither its file nor it has an error.</summary>
    /// <param name="unreadable">Findings from the edge about files it could not hand over (too large, unreadable).</param>
    public static SpecSet Load(IEnumerable<SpecSource> sources, GpuCatalog catalog, YamlLimits? limits = null, IEnumerable<Diagnostic>? unreadable = null)
    {
        var all = new DiagnosticBag();
        all.AddRange(unreadable ?? []);
        var clusters = new List<ValidatedCluster>();
        var names = new Dictionary<string, ClusterSpec>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            var file = SpecLoader.Load(source.Path, source.Text, limits);
            all.AddRange(file.Diagnostics);
            var fileHasErrors = file.Diagnostics.Any(d => d.IsError);
            foreach (var spec in file.Clusters)
            {
                var findings = SpecValidator.Validate(spec, catalog);
                all.AddRange(findings);
                var duplicate = spec.Name.Length > 0 && names.ContainsKey(spec.Name);
                if (duplicate)
                {
                    var first = names[spec.Name].Source["name"];
                    all.Add(Codes.DuplicateCluster, spec.Source["name"],
                        $"cluster '{spec.Name}' is already defined at {first}; each cluster has one spec, so rename or merge them");
                }
                else if (spec.Name.Length > 0)
                {
                    names[spec.Name] = spec;
                }

                clusters.Add(new ValidatedCluster(spec, source.Path, !fileHasErrors && !duplicate && !findings.Any(d => d.IsError)));
            }
        }

        return new SpecSet(clusters, all.Sorted());
    }
}
