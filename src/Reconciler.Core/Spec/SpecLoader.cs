using Reconciler.Diagnostics;
using Reconciler.Spec.Binding;
using Reconciler.Spec.Schema;
using Reconciler.Yaml;

namespace Reconciler.Spec;

/// <summary>Parses spec text into <see cref="ClusterSpec"/>s: pure, no disk, no clock.</summary>
public static class SpecLoader
{
    /// <summary>The kind of world files; such documents are skipped, so `validate specs/` can walk the whole folder.</summary>
    public const string SimulatedClusterKind = "SimulatedCluster";

    public static SpecFile Load(string path, string text, YamlLimits? limits = null)
    {
        var diagnostics = new DiagnosticBag();
        var clusters = new List<ClusterSpec>();
        var documents = YamlTreeReader.Read(path, text, diagnostics, limits);
        if (documents.Count > 0 && documents.All(IsEmpty) && !diagnostics.HasErrors)
        {
            // Like a file of comments only (GR006 from the reader): e.g. `---` above a commented-out spec.
            diagnostics.Add(Codes.NoDocuments, new SourceLocation(path, 1, 1), "file holds only empty YAML documents");
        }

        foreach (var document in documents)
        {
            if (document.Root is not { } node || IsEmpty(document))
            {
                continue; // an empty document between `---` separators
            }

            if (node is not MappingNode root)
            {
                diagnostics.Add(Codes.WrongType, node.Location,
                    $"a spec document must be a mapping with apiVersion, kind, metadata and spec; got {node.Describe()}");
                continue;
            }

            if (root.Entries.Any(e => e.Key.Value == "kind" && e.Value is ScalarNode { Value: SimulatedClusterKind }))
            {
                continue; // a simulated world (specs/worlds): this tool's own kind, read by `sim init`, not a spec
            }

            if (!HasSupportedHeader(root, diagnostics))
            {
                continue;
            }

            var reader = new MapReader(root, SpecSchema.Document, diagnostics, "");
            if (ClusterSpecBinder.Bind(reader) is { } cluster)
            {
                clusters.Add(cluster);
            }
        }

        return new SpecFile(path, clusters, diagnostics.Items);
    }

    private static bool IsEmpty(YamlDocument document) => document.Root is null or ScalarNode { IsNull: true };

    /// <summary>apiVersion and kind decide how the rest is read, so they are checked first and alone.</summary>
    private static bool HasSupportedHeader(MappingNode root, DiagnosticBag diagnostics)
    {
        var ok = true;
        foreach (var (key, expected, code) in new[] { ("apiVersion", ClusterSpec.ApiVersion, Codes.ApiVersion), ("kind", ClusterSpec.Kind, Codes.Kind) })
        {
            var entry = root.Entries.FirstOrDefault(e => e.Key.Value == key);
            if (entry.Value is null)
            {
                continue; // reported as a missing required key by the schema check
            }

            if (entry.Value is not ScalarNode { Value: var value } || value != expected)
            {
                var text = entry.Value is ScalarNode s ? s.Value : entry.Value.Describe();
                diagnostics.Add(code, entry.Value.Location,
                    $"{key} '{text}' is not supported; this reconciler reads {key}: {expected}");
                ok = false;
            }
        }

        return ok;
    }
}
