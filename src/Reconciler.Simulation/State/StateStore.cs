using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reconciler.Simulation.State;

/// <summary>
/// Keeps a <see cref="SimState"/> in a directory. Every write goes to a temporary file, is flushed
/// to disk and renamed over state.json, so a process killed at any instant leaves either the old
/// or the new state, never half of one. A lock file serialises processes sharing the directory.
/// </summary>
public sealed class StateStore(string directory)
{
    public const string FileName = "state.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Directory { get; } = directory;

    public string StatePath => Path.Combine(Directory, FileName);

    public bool Exists => File.Exists(StatePath);

    public SimState Load()
    {
        if (!Exists)
        {
            throw new InvalidOperationException($"no simulated cluster in {Directory}; create one with: reconciler sim init WORLD --sim {Directory}");
        }

        return JsonSerializer.Deserialize<SimState>(File.ReadAllText(StatePath), Json)
            ?? throw new InvalidDataException($"{StatePath} is empty");
    }

    public void Save(SimState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var temp = Path.Combine(Directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, Json);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, StatePath, overwrite: true);
    }

    /// <summary>Holds the directory's lock until disposed; waits while another process holds it.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, "lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Real contention between processes, not simulated time: poll on the real clock.
                await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Temp files left by a process killed mid-write; harmless, removed on the next write.</summary>
    public void RemoveStaleTempFiles()
    {
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, $".{FileName}.*.tmp"))
        {
            File.Delete(stale);
        }
    }
}
