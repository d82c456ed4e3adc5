using System.Text.RegularExpressions;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Spec.Schema;
using Reconciler.Text;

namespace Reconciler.Validation;

/// <summary>Each host's GPU selectors: known models, valid partition counts, no GPU claimed twice.</summary>
internal static partial class GpuRules
{
    public static void Check(ValidationContext context)
    {
        foreach (var host in context.Spec.Hosts)
        {
            foreach (var selector in host.Gpus)
            {
                CheckModel(context, host, selector);
                CheckLocationPath(context, selector.LocationPath, selector.Source["locationPath"]);
            }

            CheckOverlaps(context, host);
        }
    }

    /// <summary>Location paths as Device Manager shows them: PCIROOT(..)#PCI(....)...</summary>
    /// <returns>False when <paramref name="path"/> is malformed (and reported); rules that would look it up should stop there.</returns>
    public static bool CheckLocationPath(ValidationContext context, string? path, SourceLocation at)
    {
        if (path is not null && !LocationPath().IsMatch(path))
        {
            context.Report(Codes.InvalidLocationPath, at,
                $"'{path}' is not a PCI location path; copy it from Device Manager (Details > Location paths, the entry starting PCIROOT), e.g. PCIROOT(0)#PCI(0300)#PCI(0000)");
            return false;
        }

        return true;
    }

    private static void CheckModel(ValidationContext context, HostSpec host, GpuSelector selector)
    {
        if (selector.Model is null)
        {
            return;
        }

        var model = context.ModelOf(selector);
        if (model is null)
        {
            var hint = ModelHint(context, selector.Model);
            if (selector.Mode == GpuMode.Dda)
            {
                context.Report(Codes.UnknownDdaModel, selector.Source["model"],
                    $"GPU model '{selector.Model}' is not in the catalog{hint}; DDA works with many GPUs, so this is only checked on the host");
            }
            else
            {
                context.Report(Codes.UnknownModel, selector.Source["model"],
                    $"GPU model '{selector.Model}' is not in the catalog{hint} (GPU-P models: {string.Join(", ", context.Catalog.Models.Where(m => m.SupportsPartitioning).Select(m => m.Name))})");
            }

            return;
        }

        if (selector.Mode == GpuMode.Partitioned && !model.SupportsPartitioning)
        {
            context.Report(Codes.PartitioningUnsupported, selector.Source["model"],
                $"{model.Name} does not support GPU partitioning on Hyper-V; use mode: dda to pass it through whole");
            return;
        }

        if (selector.Mode == GpuMode.Partitioned && selector.PartitionCount is { } count && !model.ValidPartitionCounts.Contains(count))
        {
            context.Report(Codes.InvalidPartitionCount, selector.Source["partitionCount"],
                $"partitionCount {count} is not valid for {model.Name} (valid: {model.ValidCountsText})");
        }

        if (selector.Count is { } gpus && gpus % model.GpusPerBoard != 0)
        {
            context.Report(Codes.PartialBoard, selector.Source["count"],
                $"{model.Name} boards carry {model.GpusPerBoard} GPUs each, so host {host.Name} cannot have {gpus}; did you count boards instead of GPUs?");
        }
    }

    /// <summary>
    /// Suggests a catalog model by the part after the vendor: "NVIDIA H100" and "NVIDIA A10" share
    /// seven characters of prefix, which says nothing about a typo.
    /// </summary>
    private static string ModelHint(ValidationContext context, string typed)
    {
        static string Bare(string name) =>
            name.Trim().StartsWith("NVIDIA ", StringComparison.OrdinalIgnoreCase) ? name.Trim()[7..].Trim() : name.Trim();

        var byBare = context.Catalog.ModelNames.ToDictionary(Bare, n => n, StringComparer.OrdinalIgnoreCase);
        return DidYouMean.Suggest(Bare(typed), byBare.Keys) is { } bare ? $"; did you mean '{byBare[bare]}'?" : "";
    }

    /// <summary>Two selectors on one host that match the same GPU.</summary>
    private static void CheckOverlaps(ValidationContext context, HostSpec host)
    {
        for (var i = 0; i < host.Gpus.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (earlier, later) = (host.Gpus[j], host.Gpus[i]);
                if (!Overlap(context, earlier, later))
                {
                    continue;
                }

                var onePath = later.LocationPath is not null && earlier.LocationPath is not null;
                var what = onePath ? $"GPU {later.LocationPath}" : $"{later.Model ?? earlier.Model} GPUs";
                // A model selector means every GPU of the model; `count` asserts how many, it does not pick some.
                var split = onePath ? "" : "; to treat GPUs of one model differently, select each one by locationPath";
                if (earlier.Mode != later.Mode)
                {
                    context.Report(Codes.GpuPartitionedAndDda, later.Source.Location,
                        $"{what} on host {host.Name} would be both partitioned and DDA (see line {earlier.Source.Location.Line}); a GPU is one or the other{split}");
                }
                else
                {
                    context.Report(Codes.GpuSelectedTwice, later.Source.Location,
                        $"{what} on host {host.Name} {(onePath ? "is" : "are")} already selected at line {earlier.Source.Location.Line}; keep one selector{split}");
                }
            }
        }
    }

    private static bool Overlap(ValidationContext context, GpuSelector a, GpuSelector b)
    {
        if (a.LocationPath is not null && b.LocationPath is not null)
        {
            return ValidationContext.SamePath(a.LocationPath, b.LocationPath);
        }

        // A model selector covers every GPU of the model, including one named by path with that model.
        var (modelA, modelB) = (context.ModelOf(a)?.Name ?? a.Model, context.ModelOf(b)?.Name ?? b.Model);
        return modelA is not null && string.Equals(modelA, modelB, StringComparison.OrdinalIgnoreCase)
            && (a.LocationPath is null || b.LocationPath is null);
    }

    [GeneratedRegex(SpecSchema.LocationPathPattern, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex LocationPath();
}
