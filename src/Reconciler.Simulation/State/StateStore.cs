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

    public SimState Load() => Parse(ReadText());

    /// <summary>The state file's text as it is now (compare it with what was last parsed to skip parsing again).</summary>
    public string ReadText()
    {
        if (!Exists)
        {
            throw new InvalidOperationException($"no simulated cluster in {Directory}; create one with: reconciler sim init WORLD --sim {Directory}");
        }

        return File.ReadAllText(StatePath);
    }

    public SimState Parse(string text) =>
        JsonSerializer.Deserialize<SimState>(text, Json) ?? throw new InvalidDataException($"{StatePath} is empty");

    /// <summary>Writes the state atomically and durably; returns the text written, which <see cref="ReadText"/> returns until the next change.</summary>
    public string Save(SimState state)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var text = JsonSerializer.Serialize(state, Json);
        var temp = Path.Combine(Directory, $".{FileName}.{Guid.NewGuid():N}.tmp");
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            using (var writer = new StreamWriter(stream, leaveOpen: true))
            {
                writer.Write(text);
            }

            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, StatePath, overwrite: true);
        return text;
    }

    /// <summary>
    /// Holds the directory's lock until disposed. Callers in this process queue on a semaphore
    /// (no polling); the lock file then keeps other processes out, and only that is polled.
    /// </summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.GetFullPath(Path.Combine(Directory, "lock"));
        var local = InProcess.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        await local.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                try
                {
                    return new Held(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), local);
                }
                catch (IOException)
                {
                    // Real contention between processes, not simulated time: poll on the real clock.
                    await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            local.Release();
            throw;
        }
    }

    /// <summary>One semaphore per lock file, shared by every store of this process that points at it.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> InProcess = new(StringComparer.Ordinal);

    private sealed class Held(FileStream file, SemaphoreSlim local) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                file.Dispose();
                local.Release();
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
