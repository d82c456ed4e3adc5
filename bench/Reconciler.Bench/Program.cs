using System.Diagnostics;
using System.Globalization;
using Reconciler.Bench;
using Reconciler.Catalog;
using Reconciler.Planning;
using Reconciler.Spec;
using Reconciler.Validation;
using YamlDotNet.Core;

// Scenario benchmark for issue 4: validate + diff + plan of synthetic fleets against the bare YAML
// parse of the same text, measured in the same run. Medians of several runs after a warm-up.
// `apply [SCALE] [RUNS] [--no-boot]`: issue 5's convergence benchmark (guest boots included unless --no-boot); `apply-profile`: its per-call overheads (see ApplyBench).
// `git [RUNS]`: the spec source in process (LibGit2Sharp) against git children (see GitBench).
// `service-idle [HOSTS] [SETTLE_S] [WINDOW_S] [VARIANT...]`: the idle service's RSS and CPU (see ServiceIdleBench).
if (args is ["apply" or "apply-profile" or "git" or "service-idle", ..])
{
    var repo = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(repo, "Reconciler.sln")))
    {
        repo = Path.GetDirectoryName(repo)!;
    }

    await (args[0] switch
    {
        "apply" => ApplyBench.RunAsync(repo, args[1..]),
        "git" => GitBench.RunAsync(repo, args[1..]),
        "service-idle" => ServiceIdleBench.RunAsync(repo, args[1..]),
        _ => ApplyBench.ProfileAsync(repo),
    });
    return;
}

// `dashboard [CLUSTERS] [RUNS]`: issue 20's fleet page render against the status JSON (see DashboardBench).
if (args is ["dashboard", ..])
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "Reconciler.sln")))
    {
        root = Path.GetDirectoryName(root)!;
    }

    await DashboardBench.RunAsync(root, args[1..]);
    return;
}

// `memory N`: one load+validate+plan of an N-host fleet in a fresh process, then its peak working set.
if (args is ["memory", var count])
{
    var hostCount = int.Parse(count, CultureInfo.InvariantCulture);
    var fleetText = Fleet.SpecText(hostCount);
    var fleetObserved = Fleet.Observed(hostCount);
    var baseline = Process.GetCurrentProcess().PeakWorkingSet64;
    var loaded = SpecLoader.Load("fleet.yaml", fleetText).Clusters[0];
    SpecValidator.Validate(loaded, GpuCatalog.Default);
    var result = Planner.Plan(loaded, fleetObserved, GpuCatalog.Default, DateTimeOffset.UnixEpoch);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{hostCount} hosts: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB (input and observed state alone: {baseline / 1048576.0:0} MB), {result.Operations.Count} operations"));
    return;
}

var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10, 100, 1000];
var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine("| hosts | VMs | spec size | YAML events (ms) | YAML document (ms) | load+validate+diff+plan (ms) | ÷ events | ÷ document | per host (µs) | GC pauses (ms) | allocated (MB) | operations |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var hosts in sizes)
{
    var text = Fleet.SpecText(hosts);
    var observed = Fleet.Observed(hosts);
    var runs = hosts >= 1000 ? 5 : 15;

    var parse = Measure(runs, () => Parse(text));
    var document = Measure(runs, () => new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(text)));
    Plan? plan = null;
    long allocated = 0;
    var paused = TimeSpan.Zero;
    var pipeline = Measure(runs, () =>
    {
        // Every thread's allocations and pauses: the loader parses large files on two threads.
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var pausedBefore = GC.GetTotalPauseDuration();
        var spec = SpecLoader.Load("fleet.yaml", text).Clusters[0];
        var findings = SpecValidator.Validate(spec, GpuCatalog.Default);
        if (findings.Any(f => f.IsError))
        {
            throw new InvalidOperationException(findings.First(f => f.IsError).ToString());
        }

        plan = Planner.Plan(spec, observed, GpuCatalog.Default, now);
        allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        paused = GC.GetTotalPauseDuration() - pausedBefore;
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {hosts} | {hosts * 64} | {text.Length / 1024} KiB | {parse:0} | {document:0} | {pipeline:0} | {pipeline / parse:0.00} | {pipeline / document:0.00} | {pipeline * 1000 / hosts:0} | {paused.TotalMilliseconds:0} | {allocated / 1048576.0:0} | {plan!.Operations.Count} |"));
}

// BENCH_PROFILE_LOOP=1: repeat validate+plan of the largest fleet, for a profiler (dotnet-trace) to sample.
if (Environment.GetEnvironmentVariable("BENCH_PROFILE_LOOP") is not null)
{
    var loopSpec = SpecLoader.Load("fleet.yaml", Fleet.SpecText(sizes[^1])).Clusters[0];
    var loopObserved = Fleet.Observed(sizes[^1]);
    for (var i = 0; i < 10; i++)
    {
        SpecValidator.Validate(loopSpec, GpuCatalog.Default);
        Planner.Plan(loopSpec, loopObserved, GpuCatalog.Default, now);
    }
}

// BENCH_PHASES=1: time each phase of the largest fleet on its own.
if (Environment.GetEnvironmentVariable("BENCH_PHASES") is not null)
{
    var text = Fleet.SpecText(sizes[^1]);
    var observed = Fleet.Observed(sizes[^1]);
    var spec = SpecLoader.Load("fleet.yaml", text).Clusters[0];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phases at {sizes[^1]} hosts: tree {Measure(3, () => Reconciler.Yaml.YamlTreeReader.Read("f", text, new Reconciler.Diagnostics.DiagnosticBag())):0} ms, load {Measure(3, () => SpecLoader.Load("fleet.yaml", text)):0} ms, validate {Measure(3, () => SpecValidator.Validate(spec, GpuCatalog.Default)):0} ms, plan {Measure(3, () => Planner.Plan(spec, observed, GpuCatalog.Default, now)):0} ms"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0} MB"));

static int Parse(string text)
{
    var parser = new Parser(new StringReader(text));
    var events = 0;
    while (parser.MoveNext())
    {
        events++;
    }

    return events;
}

static double Measure(int runs, Action action)
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
