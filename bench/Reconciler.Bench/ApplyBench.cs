using System.Diagnostics;
using System.Globalization;
using Reconciler.Catalog;
using Reconciler.Execution;
using Reconciler.Planning;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Spec;

namespace Reconciler.Bench;

/// <summary>
/// Issue 5's benchmark: how long an apply takes in the simulator with the example worlds' real
/// latencies (time-scaled), against the plan's lower bound (<see cref="LowerBound"/>) and against
/// running the same plan one operation at a time, all in the same run. `apply [SCALE] [RUNS]`
/// reports the median of RUNS applies of each kind (runs alternate, so noise hits both alike).
/// Guests boot (the worlds' behaviour.guests.boot, scaled too) and the guest health gate waits for
/// them, asking at most every 5 s scaled like the latencies (its default on real hosts); the bound
/// counts the boots as well.
/// </summary>
internal static partial class ApplyBench
{
    /// <summary>Each example world and the example spec written for it.</summary>
    private static readonly (string World, string Spec)[] Examples =
    [
        ("ai-west.yaml", "ai-pool-cluster.yaml"),
        ("vdi-east.yaml", "vdi-cluster.yaml"),
        ("store-042.yaml", "edge-store.yaml"),
    ];

    public static async Task RunAsync(string repo, string[] args)
    {
        var timeScale = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 0.02;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        // `--no-boot`: guests up at once, the benchmark as it was before the guest health gate, for comparison in the same conditions.
        var boots = !args.Contains("--no-boot");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# apply convergence, latencies x{timeScale}, guest boots {(boots ? "included" : "left out")}, median of {runs} runs, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}"));
        Console.WriteLine("| world | operations | hosts | budget | lower bound (s) | parallel apply (s) | ÷ bound | one at a time (s) | ÷ bound | ÷ total work |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (world, spec) in Examples.Where(e => File.Exists(Path.Combine(repo, "specs", "worlds", e.World))))
        {
            var worldText = File.ReadAllText(Path.Combine(repo, "specs", "worlds", world)).Replace("timeScale: 0", $"timeScale: {timeScale.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
            worldText = boots ? worldText : BootPattern().Replace(worldText, "boot: 0s");
            // Windows would hold disruptive steps back until a maintenance window: the benchmark measures execution, not waiting.
            var specText = string.Join('\n', File.ReadAllLines(Path.Combine(repo, "specs", "examples", spec)).Where(l => !l.Contains("windows:", StringComparison.Ordinal) && !l.Contains("timeZone:", StringComparison.Ordinal)));
            var clusterSpec = SpecLoader.Load(spec, specText).Clusters[0];
            var parallel = new List<double>();
            var serial = new List<double>();
            Sample? sample = null;
            for (var run = 0; run < runs; run++)
            {
                var poll = new ExecutorOptions().HealthPollInterval * timeScale;
                sample = await TimeAsync(worldText, clusterSpec, new ExecutorOptions { MaxParallelHosts = 8, HealthPollInterval = poll });
                parallel.Add(sample.Seconds);
                serial.Add((await TimeAsync(worldText, clusterSpec, new ExecutorOptions { MaxParallelHosts = 1, HealthPollInterval = poll })).Seconds);
            }

            var (p, s, b) = (Median(parallel), Median(serial), sample!.Bound);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {world} | {sample.Plan.Operations.Count} | {sample.Plan.Operations.Select(o => o.Host).Distinct(StringComparer.OrdinalIgnoreCase).Count()} | {sample.Budget} | {b:0.00} | {p:0.00} | {p / b:0.00} | {s:0.00} | {s / b:0.00} | {s / sample.Work:0.00} |"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  runs: parallel {string.Join(" ", parallel.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}; one at a time {string.Join(" ", serial.Select(x => x.ToString("0.00", CultureInfo.InvariantCulture)))}; total work {sample.Work:0.00} s"));
        }
    }

    /// <summary>
    /// `apply-profile`: where an operation's time goes besides its latency, with every latency at
    /// zero: an observation of an unchanged state, one change (read, rules, atomic write with
    /// fsync), and a whole apply of ai-west divided by its operations.
    /// </summary>
    public static async Task ProfileAsync(string repo)
    {
        var world = File.ReadAllText(Path.Combine(repo, "specs", "worlds", "ai-west.yaml"));
        var dir = Directory.CreateTempSubdirectory("reconciler-bench-").FullName;
        try
        {
            var store = new StateStore(dir);
            Simulator.Init(store, "world.yaml", world, GpuCatalog.Default);
            var provider = new SimulatedClusterProvider(store, TimeProvider.System);
            const int N = 200;
            await provider.ObserveAsync(CancellationToken.None);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < N; i++)
            {
                await provider.ObserveAsync(CancellationToken.None);
            }

            var observe = watch.Elapsed.TotalMilliseconds / N;
            watch.Restart();
            for (var i = 0; i < N; i++)
            {
                await provider.SetAutomaticStopActionAsync("hv-ai-03", "embed-01", i % 2 == 0 ? Observed.AutomaticStopAction.TurnOff : Observed.AutomaticStopAction.Save, CancellationToken.None);
            }

            var change = watch.Elapsed.TotalMilliseconds / N;
            watch.Restart();
            for (var i = 0; i < N; i++)
            {
                store.Load();
            }

            var parse = watch.Elapsed.TotalMilliseconds / N;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per call, latencies 0: observe (unchanged) {observe:0.000} ms, change (with fsync) {change:0.000} ms, full read+parse {parse:0.000} ms"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed record Sample(Plan Plan, int Budget, double Bound, double Work, double Seconds);

    private static async Task<Sample> TimeAsync(string world, ClusterSpec spec, ExecutorOptions options)
    {
        var dir = Directory.CreateTempSubdirectory("reconciler-bench-").FullName;
        try
        {
            var store = new StateStore(dir);
            Simulator.Init(store, "world.yaml", world, GpuCatalog.Default);
            var behaviour = store.Load().Behaviour;
            var provider = new SimulatedClusterProvider(store, TimeProvider.System);
            var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UtcNow);
            var budget = DisruptionBudget.Of(spec);
            var watch = Stopwatch.StartNew();
            var result = await new PlanExecutor(provider, new InMemoryJournalStore(), options, TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "bench", CancellationToken.None);
            var seconds = watch.Elapsed.TotalSeconds;
            if (result.Status != ExecutionStatus.Converged)
            {
                throw new InvalidOperationException($"the benchmark apply did not converge: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
            }

            // Total work is what the hosts must do one by one; boots overlap it even one operation at a time.
            return new Sample(plan, budget, LowerBound.Seconds(plan, behaviour, budget), plan.Operations.Sum(o => LowerBound.HostCost(o, behaviour)), seconds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    [System.Text.RegularExpressions.GeneratedRegex(@"boot: \w+")]
    private static partial System.Text.RegularExpressions.Regex BootPattern();
}
