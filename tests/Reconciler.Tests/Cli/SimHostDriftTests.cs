using System.Text.Json;

namespace Reconciler.Tests.Cli;

/// <summary><c>reconciler sim drift fail-host / recover-host</c>, run as a user would.</summary>
public sealed class SimHostDriftTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-simcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    [Fact]
    public void FailHost_VdiEast_StrandsTheDesktopsWhereTheOtherNodeHasOnlyLargerPartitions_RecoverHostBringsTheNodeBack()
    {
        Run("sim", "init", Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", "vdi-east.yaml"), "--sim", "state");

        var fail = Run("sim", "drift", "fail-host", "hv-vdi-01", "--sim", "state");

        Assert.Equal(0, fail.ExitCode);
        // hv-vdi-02's GPUs are still split in 2 (8 GiB partitions); the desktops ran on 4 GiB ones.
        Assert.Contains("stranded: vdi-01 stays off: no surviving node has a free 4 GiB GPU partition", fail.Output, StringComparison.Ordinal);
        Assert.Contains("stranded: vdi-04 stays off: not clustered", fail.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("failed over:", fail.Output, StringComparison.Ordinal);
        Assert.Equal("Down", HostState("hv-vdi-01"));

        Assert.Equal(0, Run("sim", "drift", "recover-host", "hv-vdi-01", "--sim", "state").ExitCode);
        Assert.Equal("Up", HostState("hv-vdi-01"));
    }

    [Fact]
    public void FailHost_UnknownHost_IsRefused()
    {
        Run("sim", "init", Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", "vdi-east.yaml"), "--sim", "state");

        var fail = Run("sim", "drift", "fail-host", "hv-nope", "--sim", "state");

        Assert.Equal(1, fail.ExitCode);
        Assert.Contains("refused: host hv-nope is not part of cluster vdi-east", fail.Output, StringComparison.Ordinal);
    }

    private string? HostState(string host)
    {
        using var show = JsonDocument.Parse(Run("sim", "show", "--sim", "state", "-o", "json").Output);
        return show.RootElement.GetProperty("hosts").EnumerateArray().Single(h => h.GetProperty("name").GetString() == host).GetProperty("state").GetString();
    }
}
