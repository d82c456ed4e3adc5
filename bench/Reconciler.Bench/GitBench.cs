using System.Diagnostics;
using System.Globalization;
using Reconciler.Catalog;
using Reconciler.Git;
using Reconciler.Review;
using Reconciler.Spec;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Bench;

/// <summary>
/// <c>git [RUNS]</c>: the spec source in process (LibGit2Sharp) against the git children it
/// replaced (<see cref="GitChildBaseline"/>), in one run, on temporary repositories of 10 and 100
/// spec files written by the git client: reading every spec at a revision, the work of
/// <c>reconciler diff</c> (both revisions read, planned and written as Markdown), and the source
/// phase of a service tick when the revision has not changed (fetch, resolve, read). Medians;
/// the two sides alternate so machine noise hits both.
/// </summary>
internal static class GitBench
{
    private static bool IsSpec(string path) => path.EndsWith(".yaml", StringComparison.Ordinal);

    public static async Task RunAsync(string repoRoot, string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 9;
        var example = await File.ReadAllTextAsync(Path.Combine(repoRoot, "specs", "examples", "vdi-cluster.yaml"));
        Console.WriteLine($"# {Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}, {GlobalSettingsVersion()}, median of {runs}");
        Console.WriteLine("| files | measure | git children (ms) | LibGit2Sharp (ms) | ratio | managed allocations, children / LibGit2Sharp (KB) |");
        Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var count in new[] { 10, 100 })
        {
            var root = Directory.CreateTempSubdirectory("reconciler-gitbench-").FullName;
            try
            {
                var repo = Path.Combine(root, "repo");
                var (baseCommit, headCommit) = await MakeRepositoryAsync(repo, count, example);

                using (var reader = new GitRepository(repo))
                {
                    var children = new GitChildBaseline(repo);
                    await Row(count, "read every spec at a revision", runs,
                        () => children.ReadFilesAsync(headCommit, "specs", IsSpec),
                        () => reader.ReadFilesAsync(headCommit, "specs", IsSpec, CancellationToken.None));

                    await Row(count, "`reconciler diff` (read both, review, Markdown)", runs,
                        async () => Review(await DiffReadAsync(children.ResolveAsync, (c, p) => children.ReadFilesAsync(c, p, IsSpec), baseCommit, headCommit)),
                        async () => Review(await DiffReadAsync(r => reader.ResolveAsync(r, CancellationToken.None), (c, p) => reader.ReadFilesAsync(c, p, IsSpec, CancellationToken.None), baseCommit, headCommit)));
                }

                var url = new Uri(repo).AbsoluteUri;
                var source = new GitSource(new GitSourceOptions { Repository = repo, Branch = "main", Path = "specs", CacheDirectory = Path.Combine(root, "cache-libgit2") });
                var childCache = Path.Combine(root, "cache-children");
                await source.FetchAsync(IsSpec, CancellationToken.None); // the first fetch fills the caches;
                await GitChildBaseline.FetchAsync(childCache, url, "main", "specs", IsSpec); // ticks after it find nothing new
                await Row(count, "service tick, unchanged revision (fetch + read)", runs,
                    () => GitChildBaseline.FetchAsync(childCache, url, "main", "specs", IsSpec),
                    () => source.FetchAsync(IsSpec, CancellationToken.None));
            }
            finally
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static string GlobalSettingsVersion() => "LibGit2Sharp " + LibGit2Sharp.GlobalSettings.Version.ToString().Split(' ')[0];

    private static async Task<(SpecSet Base, SpecSet Head)> DiffReadAsync(Func<string, Task<Revision>> resolve, Func<string, string, Task<IReadOnlyList<RepositoryFile>>> read, string baseRevision, string headRevision)
    {
        var b = await resolve(baseRevision);
        var h = await resolve(headRevision);
        var baseFiles = await read(b.Commit, "specs");
        var headFiles = await read(h.Commit, "specs");
        return (Load(baseFiles), Load(headFiles));
    }

    private static SpecSet Load(IReadOnlyList<RepositoryFile> files) =>
        SpecSet.Load(files.Select(f => new SpecSource(f.Path, f.Content)), GpuCatalog.Default, YamlLimits.Default);

    private static string Review((SpecSet Base, SpecSet Head) sets) =>
        ReviewMarkdown.Write(ReviewBuilder.Build(sets.Base, sets.Head, new ReviewOptions("base", "head", GpuCatalog.Default, DateTimeOffset.UnixEpoch, null, null)));

    private static async Task Row<T1, T2>(int count, string measure, int runs, Func<Task<T1>> children, Func<Task<T2>> libgit2)
    {
        await children();
        await libgit2();
        var a = new List<double>();
        var b = new List<double>();
        long allocatedA = 0, allocatedB = 0;
        for (var i = 0; i < runs; i++)
        {
            (var t, allocatedA) = await TimeAsync(children);
            a.Add(t);
            (t, allocatedB) = await TimeAsync(libgit2);
            b.Add(t);
        }

        var ca = Median(a);
        var cb = Median(b);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {count} | {measure} | {ca:0.0} | {cb:0.0} | {ca / cb:0.0}x | {allocatedA / 1024.0:0} / {allocatedB / 1024.0:0} |"));
    }

    private static async Task<(double Milliseconds, long Allocated)> TimeAsync<T>(Func<Task<T>> action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await action();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    /// <summary>A repository of <paramref name="count"/> cluster specs; the head commit changes one in ten of them.</summary>
    private static async Task<(string Base, string Head)> MakeRepositoryAsync(string repo, int count, string example)
    {
        Directory.CreateDirectory(Path.Combine(repo, "specs"));
        await GitChildBaseline.RunAsync(repo, "init", "-q", "-b", "main");
        await GitChildBaseline.RunAsync(repo, "config", "user.email", "bench@example.com");
        await GitChildBaseline.RunAsync(repo, "config", "user.name", "Bench");
        await GitChildBaseline.RunAsync(repo, "config", "commit.gpgsign", "false");
        for (var i = 0; i < count; i++)
        {
            await File.WriteAllTextAsync(Path.Combine(repo, "specs", $"cluster-{i:000}.yaml"), Renamed(example, i));
        }

        await GitChildBaseline.RunAsync(repo, "add", "-A");
        await GitChildBaseline.RunAsync(repo, "commit", "-q", "-m", "base");
        var baseCommit = (await GitChildBaseline.RunAsync(repo, "rev-parse", "HEAD")).Trim();
        for (var i = 0; i < count; i += 10)
        {
            var file = Path.Combine(repo, "specs", $"cluster-{i:000}.yaml");
            await File.AppendAllTextAsync(file, "# changed in head\n");
        }

        await GitChildBaseline.RunAsync(repo, "commit", "-q", "-am", "head");
        return (baseCommit, (await GitChildBaseline.RunAsync(repo, "rev-parse", "HEAD")).Trim());
    }

    /// <summary>The example spec under a cluster name of its own, so every file is a distinct cluster.</summary>
    private static string Renamed(string example, int index) =>
        example.Replace("name: vdi-east", $"name: vdi-east-{index:000}", StringComparison.Ordinal);
}
