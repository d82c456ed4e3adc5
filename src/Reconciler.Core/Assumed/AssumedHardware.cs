using Reconciler.Catalog;
using Reconciler.Observed;
using Reconciler.Spec;

namespace Reconciler.Assumed;

/// <summary>
/// The hardware a pull-request review assumes when no host is asked: the hosts and GPUs that the
/// base and head specs describe. A model selector stands for <c>count</c> GPUs (or one board of
/// the model, per the catalog) with made-up location paths like "NVIDIA A16 #2"; hardware only
/// the head names is assumed installed in its factory state (partitioned, fewest partitions).
/// </summary>
public static class AssumedHardware
{
    /// <summary>One assumed GPU, and whether only the head spec names it (the change installs it).</summary>
    public sealed record Gpu(string Host, ObservedGpu Observed, bool HeadOnly);

    public static IReadOnlyList<Gpu> Of(ClusterSpec? baseSpec, ClusterSpec head, GpuCatalog catalog)
    {
        var gpus = new List<Gpu>();
        foreach (var host in HostNames(baseSpec, head))
        {
            var fromBase = Selectors(baseSpec, host);
            var fromHead = Selectors(head, host);
            var pins = Pins(baseSpec, head, host);
            foreach (var (path, model) in Paths(fromBase, pins, catalog))
            {
                gpus.Add(new Gpu(host, Factory(path, model, catalog), HeadOnly: false));
            }

            foreach (var (path, model) in Paths(fromHead, pins, catalog))
            {
                if (!gpus.Any(g => Same(g.Host, host) && Same(g.Observed.LocationPath, path)))
                {
                    gpus.Add(new Gpu(host, Factory(path, model, catalog), HeadOnly: baseSpec is not null));
                }
            }
        }

        return gpus;
    }

    /// <summary>Hosts of both specs, base order first, each once.</summary>
    public static IEnumerable<string> HostNames(ClusterSpec? baseSpec, ClusterSpec head) =>
        (baseSpec?.Hosts ?? ValueList<HostSpec>.Empty).Concat(head.Hosts).Select(h => h.Name).Distinct(StringComparer.OrdinalIgnoreCase);

    /// <summary>The made-up location path of the <paramref name="index"/>th (1-based) GPU a model selector stands for.</summary>
    public static string ModelPath(string model, int index) => $"{model} #{index}";

    private static ValueList<GpuSelector> Selectors(ClusterSpec? spec, string host) =>
        spec?.Hosts.FirstOrDefault(h => Same(h.Name, host))?.Gpus ?? ValueList<GpuSelector>.Empty;

    /// <summary>
    /// Location paths VMs on the host are pinned to (partition or DDA) that no selector names: GPUs
    /// a model selector covers, so they take those paths before made-up ones.
    /// </summary>
    private static List<string> Pins(ClusterSpec? baseSpec, ClusterSpec head, string host)
    {
        var specs = baseSpec is null ? [head] : new[] { baseSpec, head };
        var named = specs.SelectMany(s => Selectors(s, host)).Select(s => s.LocationPath).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return specs.SelectMany(s => s.Vms).Where(v => Same(v.Host, host))
            .Select(v => v.Gpu switch { PartitionRequest p => p.GpuLocationPath, DdaRequest d => d.LocationPath, _ => null })
            .OfType<string>().Where(p => !named.Contains(p)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static IEnumerable<(string Path, string Model)> Paths(ValueList<GpuSelector> selectors, List<string> pins, GpuCatalog catalog)
    {
        var unused = new Queue<string>(pins);
        foreach (var selector in selectors)
        {
            var model = selector.Model is null ? "unknown GPU" : catalog.Find(selector.Model)?.Name ?? selector.Model;
            if (selector.LocationPath is { } path)
            {
                yield return (path, model);
                continue;
            }

            var count = selector.Count ?? catalog.Find(model)?.GpusPerBoard ?? 1;
            for (var i = 1; i <= count; i++)
            {
                yield return (unused.Count > 0 ? unused.Dequeue() : ModelPath(model, i), model);
            }
        }
    }

    /// <summary>A GPU as a host reports it fresh: partitionable, split into the fewest partitions the model allows.</summary>
    private static ObservedGpu Factory(string path, string model, GpuCatalog catalog)
    {
        var known = catalog.Find(model);
        var vram = known?.VramPerGpu.Bytes ?? 0;
        var counts = known?.ValidPartitionCounts ?? ValueList<int>.Empty;
        var capacity = new GpuCapacity(new ResourceAmount(vram, vram), default, default, default);
        return new ObservedGpu(path, $"assumed\\{path}", model, GpuStatus.Partitioned, counts, counts.Count > 0 ? counts[0] : 1, capacity);
    }

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
