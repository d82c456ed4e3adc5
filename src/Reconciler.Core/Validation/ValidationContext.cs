using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>What every rule needs: the spec, the catalog, a place for findings, and lookups computed once.</summary>
internal sealed class ValidationContext
{
    public ValidationContext(ClusterSpec spec, GpuCatalog catalog)
    {
        Spec = spec;
        Catalog = catalog;
        HostsByName = spec.Hosts
            .Where(h => h.Name.Length > 0)
            .GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
    }

    public ClusterSpec Spec { get; }

    public GpuCatalog Catalog { get; }

    public DiagnosticBag Diagnostics { get; } = new();

    /// <summary>Host names are compared as Windows does: ignoring case.</summary>
    public IReadOnlyDictionary<string, HostSpec> HostsByName { get; }

    /// <summary>The declared host a VM names, or null (<see cref="VmHostRules"/> reports why).</summary>
    public HostSpec? HostOf(VmSpec vm) => vm.Host is { } name && HostsByName.TryGetValue(name, out var host) ? host : null;

    public void Report(DiagnosticCode code, SourceLocation at, string message) => Diagnostics.Add(code, at, message);

    /// <summary>The catalog model a selector names, if it names one the catalog knows.</summary>
    public GpuModel? ModelOf(GpuSelector selector) => selector.Model is { } m ? Catalog.Find(m) : null;

    public static bool SamePath(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
