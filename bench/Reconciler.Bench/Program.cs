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
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [10, 100, 1000];
var now = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine("| hosts | VMs | spec size | YAML events (ms) | YAML document (ms) | load+validate+diff+plan (ms) | ÷ events | ÷ document | per host (µs) | allocated (MB) | operations |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var hosts in sizes)
{
    var text = Fleet.SpecText(hosts);
    var observed = Fleet.Observed(hosts);
    var runs = hosts >= 1000 ? 5 : 15;

    var parse = Measure(runs, () => Parse(text));
    var document = Measure(runs, () => new YamlDotNet.RepresentationModel.YamlStream().Load(new StringReader(text)));
    Plan? plan = null;
    long allocated = 0;
    var pipeline = Measure(runs, () =>
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var spec = SpecLoader.Load("fleet.yaml", text).Clusters[0];
        var findings = SpecValidator.Validate(spec, GpuCatalog.Default);
        if (findings.Any(f => f.IsError))
        {
            throw new InvalidOperationException(findings.First(f => f.IsError).ToString());
        }

        plan = Planner.Plan(spec, observed, GpuCatalog.Default, now);
        allocated = GC.GetAllocatedBytesForCurrentThread() - before;
    });
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {hosts} | {hosts * 64} | {text.Length / 1024} KiB | {parse:0} | {document:0} | {pipeline:0} | {pipeline / parse:0.00} | {pipeline / document:0.00} | {pipeline * 1000 / hosts:0} | {allocated / 1048576.0:0} | {plan!.Operations.Count} |"));
}

if (Environment.GetEnvironmentVariable("BENCH_LOAD_LOOP") is not null)
{
    var loop = Fleet.SpecText(sizes[^1]);
    for (var i = 0; i < 8; i++)
    {
        Reconciler.Yaml.YamlTreeReader.Read("fleet.yaml", loop, new Reconciler.Diagnostics.DiagnosticBag());
    }
}

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
