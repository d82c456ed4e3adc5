using System.Diagnostics;
using System.Text;
using CsCheck;
using Reconciler.Diagnostics;
using Reconciler.Spec;
using Reconciler.Yaml;

namespace Reconciler.Tests.Yaml;

/// <summary>Malformed, oversized, deep and alias-bomb files get a clear error, never a hang or an exception.</summary>
public class HostileInputTests
{
    [Fact]
    public void AliasBomb_IsRefusedWithGR004()
    {
        var yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            yaml.Append($"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }

        var file = SpecLoader.Load("bomb.yaml", yaml.ToString());

        Assert.Contains(file.Diagnostics, d => d.Code == Codes.TooManyNodes);
    }

    [Fact]
    public void DeepNesting_IsRefusedWithGR003()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);

        var file = SpecLoader.Load("deep.yaml", text);

        Assert.Contains(file.Diagnostics, d => d.Code == Codes.TooDeep);
    }

    [Fact]
    public void DeepBlockMappings_AreRefusedWithGR003()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 200; i++)
        {
            text.Append(new string(' ', i)).Append("k:\n");
        }

        var file = SpecLoader.Load("deep.yaml", text.ToString());

        Assert.Contains(file.Diagnostics, d => d.Code == Codes.TooDeep);
    }

    [Fact]
    public void OversizedText_IsRefusedWithGR002BeforeParsing()
    {
        var limits = new YamlLimits { MaxFileBytes = 1024 };

        var file = SpecLoader.Load("big.yaml", "a: " + new string('x', 2000), limits);

        var d = Assert.Single(file.Diagnostics);
        Assert.Equal(Codes.FileTooLarge, d.Code);
    }

    [Theory]
    [InlineData("\0\0\0")]
    [InlineData("{{{{")]
    [InlineData("key: 'unterminated")]
    [InlineData("- a\nb: c")]
    [InlineData("\t- tab indented")]
    [InlineData("? [complex, key]\n: value")]
    [InlineData("!!binary notbase64")]
    [InlineData("%YAML 9.9\n---\na: 1")]
    [InlineData("a: &x 1\nb: &x 2\nc: *x")]
    public void MalformedInput_GivesDiagnosticsNotExceptions(string text)
    {
        var file = SpecLoader.Load("bad.yaml", text);

        Assert.NotEmpty(file.Diagnostics);
        Assert.All(file.Diagnostics, d => Assert.Equal("bad.yaml", d.Location.File));
    }

    /// <summary>
    /// Hostile text from YAML's own punctuation (CsCheck): loading never throws, and every finding
    /// names the file. A failure shrinks to the shortest text that still fails and prints its seed.
    /// </summary>
    [Fact]
    public void RandomText_NeverThrows_AndEveryFindingNamesTheFile() =>
        Gen.Char["ab: -[]{}&*!|>'\"#%@`\n\t ,?0123456789"].Array[1, 200].Select(c => new string(c)).Sample(text =>
        {
            var file = SpecLoader.Load("fuzz.yaml", text);

            Assert.All(file.Diagnostics, d => Assert.Equal("fuzz.yaml", d.Location.File));
        }, iter: 3000, print: text => System.Text.Json.JsonSerializer.Serialize(text));

    [Fact]
    public void WideFlatFile_WithinLimits_LoadsInBoundedTime()
    {
        var text = new StringBuilder("apiVersion: reconciler/v1\nkind: GpuCluster\nmetadata: { name: wide }\nspec:\n  hosts:\n");
        for (var i = 0; i < 2000; i++)
        {
            text.Append($"    - {{ name: hv-{i}, gpus: [ {{ model: NVIDIA A16, count: 4, partitionCount: 4 }} ] }}\n");
        }

        var watch = Stopwatch.StartNew();
        var file = SpecLoader.Load("wide.yaml", text.ToString());

        Assert.Equal(2000, Assert.Single(file.Clusters).Hosts.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "loading must stay well bounded");
    }
}
