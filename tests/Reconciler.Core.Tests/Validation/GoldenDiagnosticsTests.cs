using System.Text;
using Reconciler.Catalog;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Tests.Planning;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Tests.Validation;

/// <summary>
/// Every diagnostic (code, file, line, column, message, and the order the loader and the
/// validator report them in) must equal golden files made before the performance work (issue 4),
/// for the corpus, hostile and malformed YAML, random text, and a 20-host fleet full of mistakes.
/// </summary>
public class GoldenDiagnosticsTests
{
    private const string Dir = "tests/Reconciler.Core.Tests/Validation/Golden/";

    [Fact]
    public void Corpus_DiagnosticsEqualGolden()
    {
        var corpus = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var files = Directory.EnumerateFiles(corpus, "*.yaml").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllText(f)));
        Golden.AssertMatches(Dir + "corpus.txt", Describe(files));
    }

    [Fact]
    public void HostileAndMalformedYaml_DiagnosticsEqualGolden()
    {
        var bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            bomb.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var deepBlock = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            deepBlock.Append(new string(' ', i)).Append("k:\n");
        }

        (string, string)[] inputs =
        [
            ("bomb.yaml", bomb.ToString()),
            ("deep-flow.yaml", new string('[', 1000) + new string(']', 1000)),
            ("deep-block.yaml", deepBlock.ToString()),
            ("nul.yaml", "\0\0\0"),
            ("braces.yaml", "{{{{"),
            ("quote.yaml", "key: 'unterminated"),
            ("mixed.yaml", "- a\nb: c"),
            ("tab.yaml", "\t- tab indented"),
            ("tab2.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata:\n\tname: x\n"),
            ("complex-key.yaml", "? [complex, key]\n: value"),
            ("complex-key2.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: x }\nspec:\n  { [a]: 1, {b: 2}: 3, c: 4 }\n"),
            ("binary.yaml", "!!binary notbase64"),
            ("directive.yaml", "%YAML 9.9\n---\na: 1"),
            ("anchors.yaml", "a: &x 1\nb: &x 2\nc: *x"),
            ("unknown-alias.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: *nope }\nspec: {}\n"),
            ("alias-ok.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec:\n  hosts:\n    - &h { name: hv-1, gpus: [ &g { model: NVIDIA A16, count: 4, partitionCount: 4 } ] }\n    - { name: hv-2, gpus: [ *g ] }\n    - *h\n"),
            ("duplicates.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\napiVersion: x\nmetadata: { name: a, name: b }\nspec: { hosts: [], hosts: [] }\n"),
            ("many-keys.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec:\n  " + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"k{i % 35}: {i}")).Insert(0, "{ ") + " }\n"),
            ("empty.yaml", ""),
            ("comments.yaml", "# nothing\n# here\n"),
            ("empty-docs.yaml", "---\n---\n# x\n"),
            ("scalar-doc.yaml", "hello\n---\n- a\n---\napiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec: {}\n"),
            ("header.yaml", "apiVersion: reconciler/v2\nkind: [GpuCluster]\nmetadata: { name: a }\nspec: {}\n"),
            ("nulls.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata:\nspec:\n  hosts:\n  vms: ~\n  policy: null\n"),
            ("quoted.yaml", "apiVersion: \"reconciler/v1\"\nkind: 'GpuCluster'\nmetadata: { name: \"a\" }\nspec:\n  failoverCluster: \"true\"\n  hosts: [ { name: hv, gpus: [ { model: NVIDIA A16, count: '4', partitionCount: 4 } ] } ]\n"),
            ("multi.yaml", "apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec: {}\n---\napiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: a }\nspec: { hots: [] }\n...\n"),
            ("crlf.yaml", "apiVersion: reconciler/v1\r\nkind: GpuCluster\r\nmetadata: { name: a }\r\nspec:\r\n  hosts:\r\n    - { name: hv, gpuz: [] }\r\n"),
        ];
        var text = Describe(inputs);
        text += Describe([("small-limit.yaml", "a: " + new string('x', 2000))], new YamlLimits { MaxFileBytes = 1024 });
        text += Describe([("node-limit.yaml", GoldenFleet.SpecText(3))], new YamlLimits { MaxExpandedNodes = 500 });
        text += Describe([("depth-limit.yaml", GoldenFleet.SpecText(2))], new YamlLimits { MaxDepth = 5 });
        Golden.AssertMatches(Dir + "hostile.txt", text);
    }

    [Fact]
    public void RandomText_DiagnosticsEqualGolden()
    {
        var random = new Random(42);
        var alphabet = "ab: -[]{}&*!|>'\"#%@`\n\t ,?0123456789";
        var inputs = new List<(string, string)>();
        for (var i = 0; i < 600; i++)
        {
            var chars = new char[random.Next(1, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = alphabet[random.Next(alphabet.Length)];
            }

            inputs.Add(($"fuzz-{i:000}.yaml", new string(chars)));
        }

        Golden.AssertMatches(Dir + "random.txt", Describe(inputs));
    }

    [Fact]
    public void BrokenFleet_DiagnosticsEqualGolden() =>
        Golden.AssertMatches(Dir + "broken-fleet.txt", Describe([("fleet.yaml", BrokenFleet())]));

    /// <summary>The 20-host fleet with a mistake on many lines: every binder and validator path a fleet can reach.</summary>
    private static string BrokenFleet()
    {
        var lines = GoldenFleet.SpecText(20).Split('\n').ToList();
        string[] hostMistakes =
        [
            "partitionCount: 16 => partitionCount: 5",
            "count: 4 => count: four",
            "NVIDIA A16 => NVIDIA A61",
            "gpus: [ => gpu: [",
            "partitionCount: 16 => partitionCount: 16, mode: dda",
            "partitionCount: 16 => partitionCount: 99999999999",
            "hv-0 => HV-0",
            "count: 4 => count: 4, locationPath: \"PCIROOT(0)#PCI(0100)#PCI(0000)\"",
            "partitionCount: 16 => partitionCount: 16, pool: p",
            "count: 4, partitionCount: 16 => count: 4",
        ];
        string[] vmMistakes =
        [
            "vram: 1GiB => vram: 3GiB",
            "host: => hots:",
            "partition: { vram: 1GiB } => partition: 5",
            "name: vm => name: vm-x, name: vm",
            "vram: 1GiB => vram: 1.5GiB",
            "vram: 1GiB => vram: 1Gb",
            "gpu: { partition: { vram: 1GiB } } => gpu: { partition: { vram: 1GiB }, dda: { pool: p } }",
            "hv- => hv-9",
            "vram: 1GiB => vram: 1GiB, gpu: \"PCIROOT(0)#PCI(0100)#PCI(0000)\"",
            "vram: 1GiB => resources: { vram: { min: 2GiB, max: 1GiB }, encode: { min: 1, optimal: 9, max: 5 } }",
            "}  => }, power: sometimes, mmio: { low: 1GiB, high: lots } ",
            "gpu: { partition: { vram: 1GiB } } => gpu: {}",
            "gpu: { partition: { vram: 1GiB } } => gpu: { dda: { locationPath: \"PCIROOT(0)#PCI(0200)#PCI(0000)\", count: 2 } }",
            "}  => }, drivers: { guest: 580.x }, offlineAction: forceShutdown ",
        ];
        var host = 0;
        var vm = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var isHost = lines[i].Contains("gpus: [", StringComparison.Ordinal);
            var isVm = lines[i].Contains("name: vm-", StringComparison.Ordinal);
            if (isHost && host++ % 2 == 0)
            {
                lines[i] = Apply(lines[i], hostMistakes[(host / 2) % hostMistakes.Length]);
            }
            else if (isVm && vm++ % 7 == 0)
            {
                lines[i] = Apply(lines[i], vmMistakes[(vm / 7) % vmMistakes.Length]);
            }
        }

        // Duplicate VMs, a host over capacity, a policy with mistakes.
        lines.Insert(lines.Count - 1, "    - { name: vm-0001-00, host: hv-0001, gpu: { partition: { vram: 1GiB } } }");
        lines.Insert(lines.Count - 1, "    - { name: VM-0002-01, host: hv-0002, gpu: { partition: { vram: 1GiB } } }");
        lines[4] = "  policy: { maxUnavailable: \"150%\", mode: enforse, windows: [ { days: [Mon, Funday], start: \"25:00\", end: \"01:00\", timeZone: Mars/Base } ] }";
        return string.Join('\n', lines);
    }

    private static string Apply(string line, string mistake)
    {
        var parts = mistake.Split(" => ");
        var at = line.LastIndexOf(parts[0], StringComparison.Ordinal);
        return at < 0 ? line : line[..at] + parts[1] + line[(at + parts[0].Length)..];
    }

    /// <summary>Each file: the loader's findings in its order, then each cluster's validator findings in theirs, then the set's sorted findings.</summary>
    private static string Describe(IEnumerable<(string Name, string Text)> files, YamlLimits? limits = null)
    {
        var text = new StringBuilder();
        foreach (var (name, content) in files)
        {
            text.Append("== ").Append(name).Append('\n');
            var file = SpecLoader.Load(name, content, limits);
            Append(text, "load", file.Diagnostics);
            foreach (var cluster in file.Clusters)
            {
                Append(text, $"validate {cluster.Name}", SpecValidator.Validate(cluster, GpuCatalog.Default));
            }

            Append(text, "set", SpecSet.Load([new SpecSource(name, content)], GpuCatalog.Default, limits).Diagnostics);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string stage, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            text.Append(stage).Append(": ").Append(d.ToString().Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        }
    }
}
