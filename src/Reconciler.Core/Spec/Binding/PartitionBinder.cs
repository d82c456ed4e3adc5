using Reconciler.Diagnostics;

namespace Reconciler.Spec.Binding;

/// <summary>Binds <c>partition:</c> and checks its resource ranges make sense on their own.</summary>
internal static class PartitionBinder
{
    public static PartitionRequest Bind(MapReader partition)
    {
        var resources = partition.Object("resources") is { } r ? BindResources(r) : null;
        var vram = partition.Size("vram");
        if (vram is { } v && resources?.Vram?.Min is { } min && min != v.Bytes)
        {
            partition.Report(Codes.InvalidResources, "vram",
                $"vram {v} disagrees with resources.vram.min {new ByteSize(min)}; give the size once, in vram or in resources");
        }

        return new PartitionRequest(partition.String("gpu"), vram, resources, partition.Source());
    }

    private static PartitionResources BindResources(MapReader resources) => new(
        Range(resources, "vram", sizes: true),
        Range(resources, "encode", sizes: false),
        Range(resources, "decode", sizes: false),
        Range(resources, "compute", sizes: false),
        resources.Source());

    private static ResourceRange? Range(MapReader resources, string key, bool sizes)
    {
        if (resources.Object(key) is not { } range)
        {
            return null;
        }

        ulong? Read(string bound) => sizes ? range.Size(bound)?.Bytes : (ulong?)range.Integer(bound);

        var (min, max, optimal) = (Read("min"), Read("max"), Read("optimal"));
        if (min > max)
        {
            range.Report(Codes.InvalidResources, "min", $"resources.{key}: min is larger than max; min <= optimal <= max");
        }
        else if (optimal < min || optimal > max)
        {
            range.Report(Codes.InvalidResources, "optimal", $"resources.{key}: optimal lies outside min..max; min <= optimal <= max");
        }

        return new ResourceRange(min, max, optimal, range.Source());
    }
}
