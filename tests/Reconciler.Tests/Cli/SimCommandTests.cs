using System.Text.Json;

namespace Reconciler.Tests.Cli;

public sealed class SimCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-simcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Worlds() => new(Directory.GetFiles(Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds"), "*.yaml").Select(Path.GetFileName)!);

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    private static string World(string file) => Path.Combine(ReconcilerProcess.RepoRoot, "specs", "worlds", file);

    [Theory]
    [MemberData(nameof(Worlds))]
    public void InitShowExport_WorkOnEveryExampleWorld(string file)
    {
        var init = Run("sim", "init", World(file), "--sim", "state");
        Assert.Equal(0, init.ExitCode);
        Assert.Contains("simulated cluster", init.Output, StringComparison.Ordinal);

        var show = Run("sim", "show", "--sim", "state");
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("host ", show.Output, StringComparison.Ordinal);

        var json = Run("sim", "show", "--sim", "state", "-o", "json");
        using var document = JsonDocument.Parse(json.Output);
        var vms = document.RootElement.GetProperty("hosts").EnumerateArray().SelectMany(h => h.GetProperty("vms").EnumerateArray()).ToList();
        Assert.NotEmpty(vms);
        Assert.All(vms, vm =>
        {
            Assert.False(string.IsNullOrEmpty(vm.GetProperty("name").GetString()));
            Assert.Contains(vm.GetProperty("state").GetString(), new[] { "Running", "Off", "Saved", "Paused", "Starting", "Stopping" });
        });

        var export = Run("export", "--sim", "state");
        Assert.Equal(0, export.ExitCode);
        File.WriteAllText(Path.Combine(_dir, "exported.yaml"), export.Output);
        var validate = Run("validate", "exported.yaml");
        var errors = export.Error.Split('\n').Count(l => l.Contains(": error GR", StringComparison.Ordinal));
        Assert.Equal(errors == 0 ? 0 : 1, validate.ExitCode); // export says whether its layout validates, and validate agrees
    }

    [Fact]
    public void Export_OfAConsistentCluster_Validates()
    {
        Run("sim", "init", World("store-042.yaml"), "--sim", "state");

        var export = Run("export", "--sim", "state");
        File.WriteAllText(Path.Combine(_dir, "store.yaml"), export.Output);

        Assert.Equal("", export.Error);
        Assert.Equal(0, Run("validate", "store.yaml").ExitCode);
        Assert.Contains("legacy-kiosk", export.Output, StringComparison.Ordinal);
        Assert.Contains("partitionCount: 2", export.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_OfAHeterogeneousFailoverCluster_SaysSoOnStandardError()
    {
        Run("sim", "init", World("vdi-east.yaml"), "--sim", "state");

        var export = Run("export", "--sim", "state");

        Assert.Equal(0, export.ExitCode);
        Assert.Contains("GR109", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_PartitionCountWhileAssigned_IsRefusedLikeWac()
    {
        Run("sim", "init", World("store-042.yaml"), "--sim", "state");

        var drift = Run("sim", "drift", "partition-count", "edge-042", "PCIROOT(0)#PCI(0100)#PCI(0000)", "2", "--sim", "state");

        Assert.Equal(1, drift.ExitCode);
        Assert.Contains("refused: cannot change the partition count", drift.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Drift_RemoveAdapterFromRunningVm_TurnsItOffChangesAndStartsIt()
    {
        Run("sim", "init", World("store-042.yaml"), "--sim", "state");

        var drift = Run("sim", "drift", "remove-adapter", "queue-counter", "--sim", "state");
        var show = Run("sim", "show", "--sim", "state", "-o", "json");

        Assert.Equal(0, drift.ExitCode);
        using var document = JsonDocument.Parse(show.Output);
        var vm = document.RootElement.GetProperty("hosts")[0].GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "queue-counter");
        Assert.Equal("Running", vm.GetProperty("state").GetString());
        Assert.False(vm.TryGetProperty("partition", out var partition) && partition.ValueKind != JsonValueKind.Null);
    }

    [Theory]
    [InlineData("remove-adapter", "video-analytics")] // running, holds no partition
    [InlineData("add-adapter", "shelf-vision")] // running, already holds one
    public void Drift_RefusedAdapterChangeOnRunningVm_ChangesNothing(string verb, string vmName)
    {
        Run("sim", "init", World("store-042.yaml"), "--sim", "state");
        var before = Run("sim", "show", "--sim", "state", "-o", "json").Output;

        var drift = Run("sim", "drift", verb, vmName, "--sim", "state");
        var after = Run("sim", "show", "--sim", "state", "-o", "json").Output;

        Assert.Equal(1, drift.ExitCode);
        Assert.StartsWith("refused: ", drift.Output, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(after);
        var vm = document.RootElement.GetProperty("hosts")[0].GetProperty("vms").EnumerateArray().Single(v => v.GetProperty("name").GetString() == vmName);
        Assert.Equal("Running", vm.GetProperty("state").GetString());
        Assert.Equal(before, after);
    }

    [Fact]
    public void Drift_StopAndDismount_ChangeTheWorld()
    {
        Run("sim", "init", World("store-042.yaml"), "--sim", "state");

        Assert.Equal(0, Run("sim", "drift", "stop", "video-analytics", "--sim", "state").ExitCode);
        Assert.Equal(0, Run("sim", "drift", "dismount", "edge-042", "PCIROOT(0)#PCI(0300)#PCI(0000)", "--sim", "state").ExitCode);

        var show = Run("sim", "show", "--sim", "state").Output;
        Assert.Contains("Dismounted", show, StringComparison.Ordinal);
        Assert.Matches(@"video-analytics\s+.\s+Off", show);
    }

    [Fact]
    public void Show_WithoutInit_ExplainsHowToCreateOne()
    {
        var show = Run("sim", "show", "--sim", "nowhere");

        Assert.Equal(2, show.ExitCode);
        Assert.Contains("reconciler sim init", show.Error, StringComparison.Ordinal);
    }
}
