using System.Text.Json;

namespace Reconciler.Execution;

/// <summary>
/// Journals as files, one per cluster (<c>DIR/CLUSTER.journal.json</c>). A save is written to a
/// temporary file, flushed to disk and renamed over the old one, so a crash leaves the old or the
/// new journal, never a torn one.
/// </summary>
internal sealed class FileJournalStore(string directory) : IJournalStore
{
    /// <summary>The default directory, relative to the working directory.</summary>
    public const string DefaultDirectory = ".reconciler/journal";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Journal? Load(string cluster)
    {
        var path = PathOf(cluster);
        return File.Exists(path) ? JsonSerializer.Deserialize<Journal>(File.ReadAllText(path), Json) : null;
    }

    public void Save(Journal journal)
    {
        Directory.CreateDirectory(directory);
        var path = PathOf(journal.Cluster);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, journal, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public void Complete(string cluster)
    {
        var path = PathOf(cluster);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    private string PathOf(string cluster) => Path.Combine(directory, $"{cluster}.journal.json");
}
