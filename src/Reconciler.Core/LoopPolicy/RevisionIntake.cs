using Reconciler.Reconciliation;
using Reconciler.Text;
using Reconciler.Validation;

namespace Reconciler.LoopPolicy;

/// <summary>
/// Takes a fetched revision in (YARP's rule: a config that fails keeps the last good one, but
/// per file): a broken file stalls only the clusters it defined in the last good revision or
/// names now; the clusters of the other files move on to the new revision. When a broken file's
/// clusters cannot be known (it is new and names none), every cluster stalls.
/// </summary>
public static class RevisionIntake
{
    public static Intake Take(DesiredSet? good, string commit, DateTimeOffset committedAt, SpecSet set, DateTimeOffset now)
    {
        var errors = set.Diagnostics.Where(d => d.IsError).ToList();
        var texts = errors.Select(d => d.ToString()).ToList();
        if (errors.Count == 0 && set.Clusters.Count == 0)
        {
            const string none = "no GpuCluster spec under the source path; check Reconciler:Source:Path";
            return StallAll(good, new Stall(commit, Reason.NoSpecs, none, now), [none]);
        }

        var stalled = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in errors.Select(d => d.Location.File).Distinct(StringComparer.Ordinal))
        {
            var defined = (good?.Clusters ?? []).Where(c => c.File == file).Select(c => c.Name)
                .Concat(set.Clusters.Where(c => c.Path == file && c.Spec.Name.Length > 0).Select(c => c.Spec.Name))
                .ToList();
            if (defined.Count == 0)
            {
                var unknown = $"{errors.Count} error(s) in revision {CommitId.Short(commit)} in a file whose clusters are not known, first: {texts[0]}";
                return StallAll(good, new Stall(commit, Reason.InvalidRevision, unknown, now), texts, set.Clusters.Select(c => c.Spec.Name));
            }

            stalled.UnionWith(defined);
        }

        var clusters = set.Clusters
            .Where(c => c.IsValid && !stalled.Contains(c.Spec.Name))
            .Select(c => new DesiredCluster(new DesiredRevision(commit, committedAt, c.Spec), c.Path))
            .Concat((good?.Clusters ?? []).Where(c => stalled.Contains(c.Name)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();
        var stalls = stalled.ToDictionary(
            name => name,
            name => new Stall(commit, Reason.InvalidRevision, Message(commit, errors.Where(d => Defines(d.Location.File, name, good, set)).Select(d => d.ToString()).DefaultIfEmpty(texts[0]).ToList()), now),
            StringComparer.OrdinalIgnoreCase);
        return new Intake(clusters.Count == 0 && good is null ? null : new DesiredSet(commit, clusters), stalls, texts);
    }

    private static Intake StallAll(DesiredSet? good, Stall stall, List<string> errors, IEnumerable<string>? named = null)
    {
        var names = (good?.Clusters.Select(c => c.Name) ?? []).Concat(named ?? []).Where(n => n.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);
        return new Intake(good, names.ToDictionary(n => n, _ => stall, StringComparer.OrdinalIgnoreCase), errors);
    }

    private static bool Defines(string file, string cluster, DesiredSet? good, SpecSet set) =>
        string.Equals(good?.Find(cluster)?.File, file, StringComparison.Ordinal)
        || set.Clusters.Any(c => c.Path == file && string.Equals(c.Spec.Name, cluster, StringComparison.OrdinalIgnoreCase));

    private static string Message(string commit, List<string> errors) =>
        $"{errors.Count} error(s) in revision {CommitId.Short(commit)}, first: {errors[0]}";
}
