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
/// latencies (time-scaled), against the critical-path lower bound of its plan and against running
/// the same plan one operation at a time, all in the same run.
/// </summary>
internal static class ApplyBench
{
    public static async Task RunAsync(string repo, double timeScale)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# apply convergence, latencies x{timeScale}, {Environment.ProcessorCount} cores"));
        Console.WriteLine("| world | operations | hosts | lower bound (s) | parallel apply (s) | ÷ bound | one at a time (s) | ÷ bound |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (world, spec) in new[] { ("ai-west.yaml", "ai-pool-cluster.yaml"), ("vdi-east.yaml", "vdi-cluster.yaml") })
        {
            var worldText = File.ReadAllText(Path.Combine(repo, "specs", "worlds", world)).Replace("timeScale: 0", $"timeScale: {timeScale.ToString(CultureInfo.InvariantCulture)}", StringComparison.Ordinal);
            var specText = string.Join('\n', File.ReadAllLines(Path.Combine(repo, "specs", "examples", spec)).Where(l => !l.Contains("windows:", StringComparison.Ordinal) && !l.Contains("timeZone:", StringComparison.Ordinal)));
            var clusterSpec = SpecLoader.Load(spec, specText).Clusters[0];
            var parallel = await TimeAsync(worldText, clusterSpec, new ExecutorOptions { MaxParallelHosts = 8 });
            var serial = await TimeAsync(worldText, clusterSpec, new ExecutorOptions { MaxParallelHosts = 1 });
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {world} | {parallel.Plan.Operations.Count} | {parallel.Plan.Operations.Select(o => o.Host).Distinct().Count()} | {parallel.Bound:0.00} | {parallel.Seconds:0.00} | {parallel.Seconds / parallel.Bound:0.00} | {serial.Seconds:0.00} | {serial.Seconds / parallel.Bound:0.00} |"));
        }
    }

    private static async Task<(Plan Plan, double Bound, double Seconds)> TimeAsync(string world, ClusterSpec spec, ExecutorOptions options)
    {
        var dir = Directory.CreateTempSubdirectory("reconciler-bench-").FullName;
        try
        {
            var store = new StateStore(dir);
            Simulator.Init(store, "world.yaml", world, GpuCatalog.Default);
            var behaviour = store.Load().Behaviour;
            var provider = new SimulatedClusterProvider(store, TimeProvider.System);
            var plan = Planner.Plan(spec, await provider.ObserveAsync(CancellationToken.None), GpuCatalog.Default, DateTimeOffset.UtcNow);
            var bound = LowerBound(plan, behaviour);
            var watch = Stopwatch.StartNew();
            var result = await new PlanExecutor(provider, new InMemoryJournalStore(), options, TimeProvider.System, new Random(1).NextDouble).ExecuteAsync(plan, spec, "bench", CancellationToken.None);
            if (result.Status != ExecutionStatus.Converged)
            {
                throw new InvalidOperationException($"the benchmark apply did not converge: {string.Join("; ", result.Failures.Select(f => f.Reason))}");
            }

            return (plan, bound, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// No schedule can beat the longest chain of dependent operations, nor the busiest host (its
    /// operations run one at a time): the larger of the two, in scaled seconds.
    /// </summary>
    private static double LowerBound(Plan plan, SimBehaviour behaviour)
    {
        double Cost(Operation op) => behaviour.TimeScale * (op.Kind switch
        {
            OperationKind.StopVm => behaviour.ShutdownLatency,
            OperationKind.StartVm => behaviour.StartLatency,
            _ => behaviour.ReconfigureLatency,
        }).TotalSeconds;

        var finish = new Dictionary<string, double>();
        foreach (var op in plan.Operations)
        {
            finish[op.Id] = Cost(op) + op.DependsOn.Select(d => finish[d]).DefaultIfEmpty(0).Max();
        }

        var chain = finish.Values.DefaultIfEmpty(0).Max();
        var host = plan.Operations.GroupBy(o => o.Host).Select(g => g.Sum(Cost)).DefaultIfEmpty(0).Max();
        return Math.Max(chain, host);
    }
}
