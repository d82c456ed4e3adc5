using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;

namespace Reconciler.Validation;

/// <summary>
/// Checks a bound <see cref="ClusterSpec"/> against the platform's rules, offline (the catalog
/// stands in for the hosts). Pure, and reports every finding rather than the first.
/// </summary>
public static class SpecValidator
{
    public static IReadOnlyList<Diagnostic> Validate(ClusterSpec spec, GpuCatalog catalog)
    {
        var context = new ValidationContext(spec, catalog);
        NameRules.Check(context);
        GpuRules.Check(context);
        HomogeneityRules.Check(context);
        VmHostRules.Check(context);
        PartitionRules.Check(context);
        DdaRules.Check(context);
        VmSettingsRules.Check(context);
        DriverRules.Check(context);
        PolicyRules.Check(context);
        FailoverRules.Check(context);
        return context.Diagnostics.Items;
    }
}
