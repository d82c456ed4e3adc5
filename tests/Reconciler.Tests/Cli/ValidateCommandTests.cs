using System.Text.Json;

namespace Reconciler.Tests.Cli;

public sealed class ValidateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-validate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string ValidSpec = """
        apiVersion: reconciler/v1
        kind: GpuCluster
        metadata: { name: lab }
        spec:
          hosts:
            - name: hv-01
              gpus: [ { model: NVIDIA A16, count: 4, partitionCount: 4 } ]
          vms:
            - { name: vdi-01, host: hv-01, gpu: { partition: { vram: 4GiB } } }
        """;

    [Fact]
    public void Validate_Examples_ExitsZeroAndSummarisesEachCluster()
    {
        var result = ReconcilerProcess.Run(ReconcilerProcess.RepoRoot, "validate", "specs/examples");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid   vdi-east (specs/examples/vdi-cluster.yaml)", result.Output, StringComparison.Ordinal);
        Assert.Contains("valid   store-042", result.Output, StringComparison.Ordinal);
        Assert.Contains("valid   ai-west", result.Output, StringComparison.Ordinal);
        Assert.Contains("3 clusters in 3 files: 3 valid, 0 invalid; 0 errors, 4 warnings", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidPartitionCount_ExitsOneWithFileLineColumnAndFix()
    {
        File.WriteAllText(Path.Combine(_dir, "lab.yaml"), ValidSpec.Replace("partitionCount: 4", "partitionCount: 5", StringComparison.Ordinal));

        var result = ReconcilerProcess.Run(_dir, "validate", "lab.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("lab.yaml:7:62: error GR104: partitionCount 5 is not valid for NVIDIA A16 (valid: 1, 2, 4, 8, 16)", result.Output, StringComparison.Ordinal);
        Assert.Contains("INVALID lab", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReportsEveryErrorAtOnce()
    {
        File.WriteAllText(Path.Combine(_dir, "lab.yaml"), ValidSpec
            .Replace("partitionCount: 4", "partitionCount: 5", StringComparison.Ordinal)
            .Replace("host: hv-01, gpu", "host: hv-1, gpu", StringComparison.Ordinal)
            .Replace("hosts:", "hostz: []\n  hosts:", StringComparison.Ordinal));

        var result = ReconcilerProcess.Run(_dir, "validate", ".");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error GR104", result.Output, StringComparison.Ordinal);
        Assert.Contains("error GR200", result.Output, StringComparison.Ordinal);
        Assert.Contains("error GR014: unknown key 'hostz' in spec; did you mean 'hosts'?", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Directory_IsSearchedRecursivelyForYamlFiles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "a", "b"));
        File.WriteAllText(Path.Combine(_dir, "a", "b", "lab.yml"), ValidSpec);
        File.WriteAllText(Path.Combine(_dir, "a", "notes.txt"), "not a spec");

        var result = ReconcilerProcess.Run(_dir, "validate", "a");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1 cluster in 1 file: 1 valid", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_JsonOutput_GivesDiagnosticsAsObjects()
    {
        File.WriteAllText(Path.Combine(_dir, "lab.yaml"), ValidSpec.Replace("partitionCount: 4", "partitionCount: 5", StringComparison.Ordinal));

        var result = ReconcilerProcess.Run(_dir, "validate", "-o", "json", "lab.yaml");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        var diagnostic = Assert.Single(json.RootElement.GetProperty("diagnostics").EnumerateArray());
        Assert.Equal("GR104", diagnostic.GetProperty("code").GetString());
        Assert.Equal("lab.yaml", diagnostic.GetProperty("file").GetString());
        Assert.Equal(7, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(62, diagnostic.GetProperty("column").GetInt32());
        Assert.Equal("error", diagnostic.GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("validate", "does-not-exist.yaml")]
    [InlineData("validate", "--output", "xml", "lab.yaml")]
    [InlineData("validate", "--bogus", "lab.yaml")]
    [InlineData("frobnicate")]
    public void Validate_UsageErrors_ExitTwo(params string[] args)
    {
        File.WriteAllText(Path.Combine(_dir, "lab.yaml"), ValidSpec);

        var result = ReconcilerProcess.Run(_dir, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("reconciler:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OversizedFile_IsRefusedWithoutReadingItOrAStackTrace()
    {
        var path = Path.Combine(_dir, "huge.yaml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(40L * 1024 * 1024);
        }

        var result = ReconcilerProcess.Run(_dir, "validate", "huge.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("huge.yaml:1:1: error GR002", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WarningsAlone_ExitZero()
    {
        File.WriteAllText(Path.Combine(_dir, "lab.yaml"), ValidSpec.Replace(
            "gpu: { partition: { vram: 4GiB } } }",
            "gpu: { partition: { vram: 4GiB } }, guestOs: Ubuntu 24.04 }",
            StringComparison.Ordinal));

        var result = ReconcilerProcess.Run(_dir, "validate", "lab.yaml");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning GR410", result.Output, StringComparison.Ordinal);
    }
}
