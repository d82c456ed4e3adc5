using Reconciler.Spec;

namespace Reconciler.Tests.Spec;

public class SpecWriterTests
{
    public static TheoryData<string> Examples() => new(Directory.GetFiles(Path.Combine(RepoRoot.Path, "specs", "examples"), "*.yaml").Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Write_ThenLoad_GivesAnEqualSpec(string file)
    {
        var original = Assert.Single(SpecLoader.Load(file, File.ReadAllText(Path.Combine(RepoRoot.Path, "specs", "examples", file))).Clusters);

        var written = SpecWriter.Write(original);
        var reloaded = SpecLoader.Load("written.yaml", written);

        Assert.Empty(reloaded.Diagnostics);
        Assert.Equal(original, Assert.Single(reloaded.Clusters));
    }

    [Theory]
    [InlineData("hv-01", "hv-01")]
    [InlineData("NVIDIA A16", "NVIDIA A16")]
    [InlineData("true", "\"true\"")]
    [InlineData("off", "\"off\"")]
    [InlineData("4", "\"4\"")]
    [InlineData("PCIROOT(0)#PCI(0100)", "\"PCIROOT(0)#PCI(0100)\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    public void Scalar_QuotesOnlyWhatYamlWouldMisread(string value, string written) =>
        Assert.Equal(written, SpecWriter.Scalar(value));
}
