using System.Reflection;
using Reconciler.Spec;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Reconciler.Catalog;

/// <summary>
/// Platform facts for offline validation: GPU models, vGPU driver branches, GPU-P guests.
/// Loaded from the data file gpu-catalog.yaml embedded in this assembly.
/// </summary>
public sealed class GpuCatalog
{
    private static readonly Lazy<GpuCatalog> BuiltIn = new(() => Parse(ReadEmbedded()));

    private GpuCatalog(IReadOnlyList<GpuModel> models, IReadOnlyList<int> driverBranches, IReadOnlyList<GuestOsRule> partitionGuests)
    {
        Models = models;
        DriverBranches = driverBranches;
        PartitionGuests = partitionGuests;
        _normalized = [.. models.Select(m => Normalize(m.Name))];
    }

    // Models' names as Find compares them, worked out once: Find runs for every selector and VM.
    private readonly string[] _normalized;

    public static GpuCatalog Default => BuiltIn.Value;

    public IReadOnlyList<GpuModel> Models { get; }

    /// <summary>Driver branch numbers (the major version), oldest first.</summary>
    public IReadOnlyList<int> DriverBranches { get; }

    public IReadOnlyList<GuestOsRule> PartitionGuests { get; }

    /// <summary>The model named <paramref name="name"/>, ignoring case and an omitted "NVIDIA " prefix.</summary>
    public GpuModel? Find(string name)
    {
        // Normalize without allocating: ignoring case ordinally is comparing the invariant upper case.
        var wanted = name.AsSpan().Trim();
        if (wanted.StartsWith("NVIDIA ", StringComparison.OrdinalIgnoreCase))
        {
            wanted = wanted[7..].Trim();
        }

        for (var i = 0; i < _normalized.Length; i++)
        {
            if (wanted.Equals(_normalized[i], StringComparison.OrdinalIgnoreCase))
            {
                return Models[i];
            }
        }

        return null;
    }

    public IEnumerable<string> ModelNames => Models.Select(m => m.Name);

    private static string Normalize(string name)
    {
        var n = name.Trim().ToUpperInvariant();
        return n.StartsWith("NVIDIA ", StringComparison.Ordinal) ? n[7..].Trim() : n;
    }

    public static GpuCatalog Parse(string yaml)
    {
        var data = new DeserializerBuilder()
            .WithNamingConvention(CamelCaseNamingConvention.Instance)
            .Build()
            .Deserialize<CatalogData>(yaml);
        var models = data.Models.Select(m => new GpuModel(
            m.Name,
            m.GpusPerBoard,
            ByteSize.TryParse(m.VramPerGpu, out var vram) ? vram : throw new InvalidDataException($"catalog: bad vramPerGpu for {m.Name}"),
            m.PartitionCounts.Order().ToValueList(),
            m.Partitioning,
            m.Confirmed)).ToList();
        var guests = data.PartitionGuests.Select(g => new GuestOsRule(g.Family, g.Minimum, g.Versions.ToValueList())).ToList();
        return new GpuCatalog(models, [.. data.DriverBranches.Select(b => b.Branch).Order()], guests);
    }

    private static string ReadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Reconciler.Catalog.gpu-catalog.yaml")
            ?? throw new InvalidOperationException("the GPU catalog is not embedded in the assembly");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Shapes of the data file, for YamlDotNet.
    private sealed class CatalogData
    {
        public List<ModelData> Models { get; set; } = [];

        public List<BranchData> DriverBranches { get; set; } = [];

        public List<GuestData> PartitionGuests { get; set; } = [];
    }

    private sealed class ModelData
    {
        public string Name { get; set; } = "";

        public int GpusPerBoard { get; set; } = 1;

        public string VramPerGpu { get; set; } = "";

        public List<int> PartitionCounts { get; set; } = [];

        public bool Partitioning { get; set; }

        public bool Confirmed { get; set; }
    }

    private sealed class BranchData
    {
        public int Branch { get; set; }

        public int Vgpu { get; set; }
    }

    private sealed class GuestData
    {
        public string Family { get; set; } = "";

        public int? Minimum { get; set; }

        public List<string> Versions { get; set; } = [];
    }
}
