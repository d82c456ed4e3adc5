using System.CommandLine;
using Reconciler.Catalog;
using Reconciler.Git;
using Reconciler.Observed;
using Reconciler.Review;
using Reconciler.Service;
using Reconciler.Settings;
using Reconciler.Validation;
using Reconciler.Yaml;

namespace Reconciler.Cli;

/// <summary>
/// <c>reconciler diff --repo DIR --base REV --head REV [--path P] [--sim DIR | --hyperv FILE] [--svg DIR] [--svg-url PREFIX]</c>:
/// the pull-request review. Reads the specs at both revisions from git (never the work tree), plans
/// each changed cluster's head against the base layout (or a simulator) and prints Markdown.
/// Exit 0, or 1 when the head is invalid (its findings also go to standard error).
/// </summary>
internal static class DiffCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var repo = new Option<string>("--repo") { Description = "The git repository (default: the current directory)", DefaultValueFactory = _ => "." };
        var baseRev = new Option<string>("--base") { Description = "The revision the change starts from (the pull request's target, e.g. origin/main)", Required = true };
        var headRev = new Option<string>("--head") { Description = "The revision with the change (default HEAD)", DefaultValueFactory = _ => "HEAD" };
        var path = new Option<string>("--path") { Description = "Directory (or file) of the specs in the repository, as the service reads them", DefaultValueFactory = _ => new SourceSettings().Path };
        var target = ClusterTarget.Optional(
            "Plan against this simulated cluster's real state instead of the base revision's layout (for the cluster it simulates)",
            "Plan against the real hosts of this Hyper-V connection settings file (docs/hyperv.md) instead of the base revision's layout");
        var svg = new Option<string?>("--svg") { Description = "Write a picture of each changed cluster's layout before and after to DIR/<cluster>.svg" };
        var svgUrl = new Option<string?>("--svg-url") { Description = "Embed the pictures in the Markdown as PREFIX/<cluster>.svg (where CI publishes --svg DIR)" };
        var command = new Command("diff", "Review the GPU layout change between two revisions: Markdown for a pull request, offline")
        {
            repo, baseRev, headRev, path,
        };
        target.AddTo(command);
        command.Options.Add(svg);
        command.Options.Add(svgUrl);
        command.SetAction(async (result, cancellationToken) =>
        {
            using var repository = OpenRepository(result.GetValue(repo)!);
            var specPath = result.GetValue(path)!;
            var (baseName, baseSet) = await ReadAsync(repository, result.GetValue(baseRev)!, specPath, cancellationToken).ConfigureAwait(false);
            var (headName, headSet) = await ReadAsync(repository, result.GetValue(headRev)!, specPath, cancellationToken).ConfigureAwait(false);

            IReadOnlyDictionary<string, ObservedCluster>? observed = null;
            string? label = null;
            if (target.TryOpen(result) is var (provider, description))
            {
                var cluster = await provider.ObserveAsync(cancellationToken).ConfigureAwait(false);
                observed = new Dictionary<string, ObservedCluster>(StringComparer.Ordinal) { [cluster.Name] = cluster };
                label = description;
            }

            var review = ReviewBuilder.Build(baseSet, headSet,
                new ReviewOptions(baseName, headName, GpuCatalog.Default, TimeProvider.System.GetUtcNow(), observed, label));
            await output.WriteAsync(ReviewMarkdown.Write(review, result.GetValue(svgUrl))).ConfigureAwait(false);
            if (result.GetValue(svg) is { } svgDirectory)
            {
                Directory.CreateDirectory(svgDirectory);
                foreach (var cluster in review.Clusters.Where(c => c.After is not null))
                {
                    await File.WriteAllTextAsync(Path.Combine(svgDirectory, ReviewSvg.FileName(cluster.Cluster)), ReviewSvg.Write(cluster), cancellationToken).ConfigureAwait(false);
                }
            }

            if (review.HeadValid)
            {
                return ExitCodes.Success;
            }

            foreach (var diagnostic in headSet.Diagnostics)
            {
                await error.WriteLineAsync(diagnostic.ToString()).ConfigureAwait(false);
            }

            await error.WriteLineAsync($"the specs at {headName} are not valid ({headSet.ErrorCount} error{(headSet.ErrorCount == 1 ? "" : "s")})").ConfigureAwait(false);
            return ExitCodes.Failure;
        });
        return command;
    }

    private static GitRepository OpenRepository(string directory)
    {
        try
        {
            return new GitRepository(directory);
        }
        catch (GitException e)
        {
            throw new UsageException(e.Message);
        }
    }

    /// <summary>The spec files under <paramref name="path"/> at a revision, loaded and validated; paths stay repository-relative, as a PR shows them.</summary>
    private static async Task<(string Name, SpecSet Set)> ReadAsync(GitRepository repository, string revision, string path, CancellationToken cancellationToken)
    {
        Revision resolved;
        try
        {
            resolved = await repository.ResolveAsync(revision, cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e)
        {
            // A revision that names nothing is the caller's mistake (a shallow CI clone, a typo), not ours.
            throw new UsageException($"{e.Message}; in CI, fetch enough history for both revisions (e.g. fetch-depth: 0)");
        }

        var files = await repository.ReadFilesAsync(resolved.Commit, path, GitSpecSource.IsSpecFile, cancellationToken).ConfigureAwait(false);
        var sources = files.Select(f => new SpecSource(f.Path, f.Content));
        return (resolved.Short, SpecSet.Load(sources, GpuCatalog.Default, YamlLimits.Default));
    }
}
