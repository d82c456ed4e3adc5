using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reconciler.Tests.Cli;

public sealed class ApplyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("reconciler-apply-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string, string> Examples() => new()
    {
        { "store-042.yaml", "edge-store.yaml" },
        { "ai-west.yaml", "ai-pool-cluster.yaml" },
    };

    private ReconcilerProcess.Result Run(params string[] args) => ReconcilerProcess.Run(_dir, args);

    private static string Repo(params string[] parts) => Path.Combine([ReconcilerProcess.RepoRoot, .. parts]);

    [Theory]
    [MemberData(nameof(Examples))]
    public void Apply_ConvergesTheExampleWorld_AndASecondApplyHasNoChanges(string world, string spec)
    {
        // The store's window is at night in Chicago; its world is applied with the window removed.
        var specPath = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(specPath, string.Join('\n', File.ReadAllLines(Repo("specs", "examples", spec)).Where(l => !l.Contains("windows:", StringComparison.Ordinal) && !l.Contains("timeZone:", StringComparison.Ordinal))));
        Run("sim", "init", Repo("specs", "worlds", world), "--sim", "state");

        var first = Run("apply", "-f", specPath, "--sim", "state", "--yes");
        var second = Run("apply", "-f", specPath, "--sim", "state", "--yes");

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("Converged", first.Output, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("No changes", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OutputRedirected_WritesOnePlainLinePerStepWithHostVmOperationResultAndDuration()
    {
        var specPath = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(specPath, string.Join('\n', File.ReadAllLines(Repo("specs", "examples", "edge-store.yaml")).Where(l => !l.Contains("windows:", StringComparison.Ordinal) && !l.Contains("timeZone:", StringComparison.Ordinal))));
        Run("sim", "init", Repo("specs", "worlds", "store-042.yaml"), "--sim", "state");
        using var plan = JsonDocument.Parse(Run("plan", "-f", specPath, "--sim", "state", "-o", "json").Output);
        var operations = plan.RootElement.GetProperty("operations").EnumerateArray()
            .Select(o => (Id: o.GetProperty("id").GetString()!, Kind: o.GetProperty("kind").GetString()!, Host: o.GetProperty("host").GetString()!, Vm: o.GetProperty("vm").GetString())).ToList();

        var apply = Run("apply", "-f", specPath, "--sim", "state", "--yes");

        Assert.True(apply.ExitCode == 0, apply.Output + apply.Error);
        Assert.NotEmpty(operations);
        var lines = apply.Output.Split('\n').Where(l => l.StartsWith("host=", StringComparison.Ordinal)).ToList();
        Assert.Equal(operations.Count, lines.Count);
        foreach (var op in operations)
        {
            var line = Assert.Single(lines, l => l.EndsWith($" id={op.Id}", StringComparison.Ordinal));
            Assert.Matches($"^host={Regex.Escape(op.Host)} vm={Regex.Escape(op.Vm ?? "-")} operation={op.Kind} result=done duration=[0-9]+\\.[0-9]{{2}}s id={op.Id}$", line);
        }

        Assert.DoesNotContain("\u001b[", apply.Output, StringComparison.Ordinal); // no terminal escapes in a log
    }

    [Fact]
    public void Apply_WithoutYesAndNoAnswer_ChangesNothing()
    {
        Run("sim", "init", Repo("specs", "worlds", "ai-west.yaml"), "--sim", "state");
        var before = Run("sim", "show", "--sim", "state", "-o", "json").Output;

        var apply = Run("apply", "-f", Repo("specs", "examples", "ai-pool-cluster.yaml"), "--sim", "state");

        Assert.Equal(1, apply.ExitCode);
        Assert.Contains("Nothing was changed", apply.Output, StringComparison.Ordinal);
        Assert.Equal(before, Run("sim", "show", "--sim", "state", "-o", "json").Output);
    }

    [Fact]
    public void Apply_OutsideTheWindow_ExitsThreeForBlocked()
    {
        Run("sim", "init", Repo("specs", "worlds", "vdi-east.yaml"), "--sim", "state");
        var spec = File.ReadAllText(Repo("specs", "examples", "vdi-cluster.yaml")).Replace("days: [Sat, Sun]", "days: [Mon]", StringComparison.Ordinal)
            .Replace("start: \"01:00\", end: \"05:00\"", "start: \"01:00\", end: \"01:01\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "vdi.yaml"), spec);

        var apply = Run("apply", "-f", "vdi.yaml", "--sim", "state", "--yes");

        Assert.Equal(3, apply.ExitCode);
        Assert.Contains("blocked until", apply.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_KilledAtRandomInstants_NextApplyConvergesAndRestartsEveryVmItStopped()
    {
        // Real latencies, time-scaled, so an apply takes long enough to be killed in the middle.
        var world = File.ReadAllText(Repo("specs", "worlds", "store-042.yaml")).Replace("timeScale: 0", "timeScale: 0.01", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(_dir, "world.yaml"), world);
        var specPath = Path.Combine(_dir, "spec.yaml");
        File.WriteAllText(specPath, string.Join('\n', File.ReadAllLines(Repo("specs", "examples", "edge-store.yaml")).Where(l => !l.Contains("windows:", StringComparison.Ordinal) && !l.Contains("timeZone:", StringComparison.Ordinal))));
        var random = new Random(7);
        for (var round = 0; round < 4; round++)
        {
            var state = Path.Combine(_dir, $"state{round}");
            Run("sim", "init", "world.yaml", "--sim", state);
            var running = RunningVms(state);

            using (var apply = Start("apply", "-f", specPath, "--sim", state, "--journal", Path.Combine(_dir, $"journal{round}"), "--yes"))
            {
                await WaitForOperations(state, atLeast: 2 + round);
                await Task.Delay(random.Next(0, 400));
                apply.Kill(entireProcessTree: true);
                await apply.WaitForExitAsync();
            }

            var resume = Run("apply", "-f", specPath, "--sim", state, "--journal", Path.Combine(_dir, $"journal{round}"), "--yes");

            Assert.True(resume.ExitCode == 0, $"round {round}: {resume.Output}{resume.Error}");
            var after = RunningVms(state);
            foreach (var vm in running)
            {
                Assert.Contains(vm, after);
            }

            Assert.False(File.Exists(Path.Combine(_dir, $"journal{round}", "store-042.journal.json")), "the journal is closed once nothing is stranded");
        }
    }

    private HashSet<string> RunningVms(string state)
    {
        using var json = JsonDocument.Parse(Run("sim", "show", "--sim", state, "-o", "json").Output);
        return [.. json.RootElement.GetProperty("hosts").EnumerateArray().SelectMany(h => h.GetProperty("vms").EnumerateArray())
            .Where(v => v.GetProperty("state").GetString() == "Running").Select(v => v.GetProperty("name").GetString()!)];
    }

    private static async Task WaitForOperations(string state, int atLeast)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            try
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(state, "state.json")));
                if (json.RootElement.GetProperty("operations").GetInt64() >= atLeast)
                {
                    return;
                }
            }
            catch (IOException)
            {
            }

            await Task.Delay(20);
        }

        Assert.Fail("apply made no progress in 60 s");
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "reconciler.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { }; // drained, so a full pipe never stalls the child
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
