using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Reconciler.Catalog;
using Reconciler.Dashboard;
using Reconciler.Http;
using Reconciler.Service;
using Reconciler.Planning;
using Reconciler.Reconciliation;
using Reconciler.Simulation;
using Reconciler.Simulation.State;
using Reconciler.Validation;

namespace Reconciler.Bench;

/// <summary>
/// Issue 20's benchmark: the fleet page for N clusters rendered server-side, against the
/// /api/v1/status JSON of the same status board (the API's own rendering of the same data),
/// measured in the same run. The board holds the three example clusters observed from their
/// worlds, copied N/3 times under new names, each with a full history of 20 reconciles and its
/// own observation. The measured runs come after a warm-up render, as a page refreshed every few
/// seconds is: per-observation figures (the GPUs column) are then counted already.
/// </summary>
internal static class DashboardBench
{
    public static async Task RunAsync(string repo, string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var board = await BoardAsync(repo, count);
        var now = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
        var context = new PageContext(board, new CommitLinks("https://github.com/example/gpu-specs.git"), TokenRequired: true, now);

        var html = FleetPage.Render(context);
        var json = JsonSerializer.Serialize(StatusDocument.Of(board), ApiJson.Options);
        var page = Measure(runs, () => FleetPage.Render(context));
        var api = Measure(runs, () => JsonSerializer.Serialize(StatusDocument.Of(board), ApiJson.Options));
        var cluster = Measure(runs, () => ClusterPage.Render(context, "vdi-east-0"));
        Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
        Console.WriteLine("| clusters | fleet page (ms) | page size | /api/v1/status JSON (ms) | JSON size | ÷ JSON | one cluster page, vdi-east (ms) |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {board.Clusters.Count} | {page:0.0} | {html.Length / 1024} KiB | {api:0.0} | {json.Length / 1024} KiB | {page / api:0.00} | {cluster:0.0} |"));
    }

    private static async Task<StatusBoard> BoardAsync(string repo, int count)
    {
        var board = new StatusBoard("https://github.com/example/gpu-specs.git main:specs");
        var specs = SpecSet.Load(Directory.GetFiles(Path.Combine(repo, "specs", "examples"), "*.yaml").Select(f => new SpecSource(f, File.ReadAllText(f))), GpuCatalog.Default);
        var start = new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero);
        var state = Directory.CreateTempSubdirectory("reconciler-bench-").FullName;
        try
        {
            var examples = new List<(Spec.ClusterSpec Spec, Observed.ObservedCluster Observed, Plan Plan)>();
            foreach (var cluster in specs.Clusters)
            {
                var world = Path.Combine(repo, "specs", "worlds", cluster.Spec.Name + ".yaml");
                var store = new StateStore(Path.Combine(state, cluster.Spec.Name));
                Simulator.Init(store, world, File.ReadAllText(world), GpuCatalog.Default);
                var observed = await new SimulatedClusterProvider(store, TimeProvider.System).ObserveAsync(CancellationToken.None);
                examples.Add((cluster.Spec, observed, Planner.Plan(cluster.Spec, observed, GpuCatalog.Default, start)));
            }

            for (var i = 0; i < count; i++)
            {
                var (spec, observed, plan) = examples[i % examples.Count];
                var name = $"{spec.Name}-{i / examples.Count}";
                var renamed = spec with { Name = name };
                var commit = $"{i:x4}c0cdffff9825aa0000000000000000000000"[..40];
                var desired = new DesiredRevision(commit, start, renamed);
                var outcome = plan.IsBlocked ? TickOutcome.Blocked : plan.Drift.Count > 0 ? TickOutcome.Failed : TickOutcome.Converged;
                var tick = new TickResult(outcome, plan.Drift, plan.Drift, plan, null, $"{plan.Operations.Count} operation(s) planned", Observed: observed, Next: plan);
                for (var t = 0; t < ClusterStatus.HistoryLength; t++)
                {
                    var at = start.AddSeconds(30 * t);
                    board.Update(name, s => s.Starting(desired, at).Finished(desired, tick, TimeSpan.FromMilliseconds(80), newestIsStalled: false, at));
                }

                board.SetView(name, _ => new ClusterView(renamed, observed with { Name = name }, start, plan)); // each cluster its own observation, as in the service
            }

            return board;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static double Measure(int runs, Action action)
    {
        action(); // warm-up: JIT and tiering
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var watch = Stopwatch.StartNew();
            action();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
