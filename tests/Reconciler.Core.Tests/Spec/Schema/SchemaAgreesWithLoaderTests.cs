using System.Text.Json.Nodes;
using Reconciler.Catalog;
using Reconciler.Spec.Schema;
using Reconciler.Validation;

namespace Reconciler.Tests.Spec.Schema;

/// <summary>
/// Variants of one small spec, each checked by both the JSON Schema (as an editor would) and the real
/// loader and validator: what one refuses the other refuses too, and the forms the binder accepts pass.
/// </summary>
public class SchemaAgreesWithLoaderTests
{
    private const string Base = """
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata:
          name: lab
        spec:
          policy:
            mode: enforce
            maxUnavailable: 25%
            shutdown: { timeout: 5m }
            windows:
              - { days: [Sat], start: "01:00", end: "05:00" }
          hosts:
            - name: hv-01
              gpus:
                - { model: NVIDIA A16, partitionCount: 4 }
          vms:
            - name: vdi-01
              host: hv-01
              gpu: { partition: { vram: 4GiB } }
        """;

    /// <summary>The policy block of <see cref="Base"/>, for the variant that leaves it empty.</summary>
    private const string Policy = """
          policy:
            mode: enforce
            maxUnavailable: 25%
            shutdown: { timeout: 5m }
            windows:
              - { days: [Sat], start: "01:00", end: "05:00" }

        """;

    private static readonly MiniSchemaChecker Checker = new(JsonNode.Parse(JsonSchemaWriter.Write())!.AsObject());

    /// <summary>What breaks, the text to change and its replacement, and part of the schema's complaint.</summary>
    public static TheoryData<string, string, string, string> Broken() => new()
    {
        { "unknown key", "      host: hv-01\n", "      host: hv-01\n      hots: hv-01\n", "$.spec.vms[0]: unknown property 'hots'" },
        { "unknown key in a nested object", "{ timeout: 5m }", "{ timeout: 5m, onTimout: abort }", "$.spec.policy.shutdown: unknown property 'onTimout'" },
        { "missing required key", "metadata:\n  name: lab\n", "metadata: {}\n", "$.metadata: missing required property 'name'" },
        { "missing required key in a list item", "    - name: vdi-01\n      host: hv-01\n", "    - host: hv-01\n", "$.spec.vms[0]: missing required property 'name'" },
        { "bad enum", "mode: enforce", "mode: enforced", "$.spec.policy.mode: \"enforced\" is not one of" },
        { "bad day", "days: [Sat]", "days: [Caturday]", "$.spec.policy.windows[0].days[0]: \"Caturday\" is not one of" },
        { "no days", "days: [Sat]", "days: []", "$.spec.policy.windows[0].days: has 0 items" },
        { "bad time pattern", "start: \"01:00\"", "start: \"25:00\"", "$.spec.policy.windows[0].start: '25:00' does not match" },
        { "bad duration", "timeout: 5m", "timeout: 5 minutes", "$.spec.policy.shutdown.timeout: '5 minutes' does not match" },
        { "bad size unit", "vram: 4GiB", "vram: 4Gb", "$.spec.vms[0].gpu.partition.vram: '4Gb' does not match" },
        { "percentage over 100", "maxUnavailable: 25%", "maxUnavailable: 101%", "$.spec.policy.maxUnavailable: matches 0 of the oneOf" },
        { "zero budget", "maxUnavailable: 25%", "maxUnavailable: 0", "$.spec.policy.maxUnavailable: matches 0 of the oneOf" },
        { "text for an integer", "partitionCount: 4", "partitionCount: four", "$.spec.hosts[0].gpus[0].partitionCount: expected integer, got string" },
        { "quoted integer", "partitionCount: 4", "partitionCount: \"4\"", "$.spec.hosts[0].gpus[0].partitionCount: expected integer, got string" },
        { "partition and dda", "gpu: { partition: { vram: 4GiB } }", "gpu: { partition: {}, dda: { pool: p } }", "$.spec.vms[0].gpu: matches 0 of the oneOf" },
        { "neither partition nor dda", "gpu: { partition: { vram: 4GiB } }", "gpu: {}", "$.spec.vms[0].gpu: matches 0 of the oneOf" },
        { "dda with path and pool", "gpu: { partition: { vram: 4GiB } }", "gpu: { dda: { pool: p, locationPath: \"PCIROOT(0)#PCI(0300)\" } }", "$.spec.vms[0].gpu.dda: matches 0 of the oneOf" },
        { "selector without model or path", "{ model: NVIDIA A16, partitionCount: 4 }", "{ partitionCount: 4 }", "$.spec.hosts[0].gpus[0]: matches none of the anyOf" },
        { "bad cluster name", "name: lab", "name: Lab_1", "$.metadata.name: 'Lab_1' does not match" },
        { "bad driver version", "      host: hv-01\n", "      host: hv-01\n      drivers: { guest: \"r580\" }\n", "$.spec.vms[0].drivers.guest: 'r580' does not match" },
        { "a list where a mapping goes", "shutdown: { timeout: 5m }", "shutdown: [5m]", "$.spec.policy.shutdown: expected object or null, got array" },
        { "a mapping where a list goes", "days: [Sat]", "days: { Sat: true }", "$.spec.policy.windows[0].days: expected array, got object" },
    };

    public static TheoryData<string, string, string> Accepted() => new()
    {
        { "partition as an empty key", "gpu: { partition: { vram: 4GiB } }", "gpu:\n        partition:" },
        { "a count budget", "maxUnavailable: 25%", "maxUnavailable: 2" },
        { "100%", "maxUnavailable: 25%", "maxUnavailable: 100%" },
        { "bytes as a bare integer", "vram: 4GiB", "vram: 4294967296" },
        { "size with a space", "vram: 4GiB", "vram: 4 GiB" },
        { "long day names", "days: [Sat]", "days: [Saturday, Sunday]" },
        { "window to midnight", "end: \"05:00\"", "end: \"24:00\"" },
        { "compound duration", "timeout: 5m", "timeout: 1h30m" },
        { "policy as an empty key", Policy, "  policy:\n" },
    };

    [Fact]
    public void Base_IsValidForBoth()
    {
        Assert.Empty(Checker.Check(YamlToJson.Single(Base)));
        Assert.DoesNotContain(Load(Base).Diagnostics, d => d.IsError);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void BrokenVariant_IsRefusedByBoth(string what, string find, string replace, string complaint)
    {
        var text = Variant(find, replace);

        var errors = Checker.Check(YamlToJson.Single(text));
        Assert.True(errors.Any(e => e.StartsWith(complaint, StringComparison.Ordinal)), $"{what}: the schema says {(errors.Count == 0 ? "nothing" : string.Join("; ", errors))}");
        Assert.True(Load(text).Diagnostics.Any(d => d.IsError), $"{what}: the loader accepts it");
    }

    [Theory]
    [MemberData(nameof(Accepted))]
    public void AcceptedVariant_PassesBoth(string what, string find, string replace)
    {
        var text = Variant(find, replace);

        Assert.True(Checker.Check(YamlToJson.Single(text)) is [], $"{what}: the schema refuses it: {string.Join("; ", Checker.Check(YamlToJson.Single(text)))}");
        Assert.True(!Load(text).Diagnostics.Any(d => d.IsError), $"{what}: the loader refuses it: {string.Join("; ", Load(text).Diagnostics)}");
    }

    private static string Variant(string find, string replace)
    {
        Assert.Contains(find, Base, StringComparison.Ordinal);
        return Base.Replace(find, replace, StringComparison.Ordinal);
    }

    private static SpecSet Load(string text) => SpecSet.Load([new SpecSource("lab.yaml", text + "\n")], GpuCatalog.Default);
}
