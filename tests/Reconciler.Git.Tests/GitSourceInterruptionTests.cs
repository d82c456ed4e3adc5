using Reconciler.Testing.Git;

namespace Reconciler.Git.Tests;

/// <summary>
/// A fetch that is interrupted from outside: by signals the process receives (a service spawns
/// ssh and gpg, and each child's exit sends SIGCHLD), and by the caller giving up (SIGTERM's
/// cancellation, the git timeout) while libgit2 is still at work on its own thread.
/// </summary>
public sealed class GitSourceInterruptionTests : IDisposable
{
    private readonly TempRepository _origin = new();
    private readonly string _work = Directory.CreateTempSubdirectory("reconciler-interrupt-").FullName;

    public void Dispose()
    {
        _origin.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private GitSource Source(string url, string cache) => new(new GitSourceOptions
    {
        Repository = url,
        Branch = "main",
        Path = "specs",
        CacheDirectory = Path.Combine(_work, cache),
        Timeout = GitSourceOptions.DefaultTimeout,
    });

    private static bool Yaml(string path) => path.EndsWith(".yaml", StringComparison.Ordinal);

    /// <summary>Enough history that a fetch spends a while reading and writing objects.</summary>
    private string CommitHistory(int commits, int filesPerCommit)
    {
        var head = "";
        for (var c = 0; c < commits; c++)
        {
            for (var f = 0; f < filesPerCommit; f++)
            {
                _origin.Write($"specs/f{f:000}.yaml", $"commit: {c}\nfile: {f}\n{new string('x', 2000 + (c * 7) + f)}\n");
            }

            head = _origin.Commit($"commit {c}");
        }

        return head;
    }

    [Fact]
    public async Task Fetch_WhileTheProcessReceivesSignals_IsNotFailedByThem()
    {
        var head = CommitHistory(commits: 3, filesPerCommit: 150);
        using var daemon = new GitDaemon(_origin.Directory);
        using var relay = new SlowRelay(daemon.Port, TimeSpan.FromMilliseconds(15));
        var url = $"git://127.0.0.1:{relay.Port}/{Path.GetFileName(_origin.Directory)}";
        using var stop = new CancellationTokenSource();

        // SIGCHLD, which every exiting child (ssh, gpg) sends a service: a signal the runtime
        // handles interrupts the poll() of whichever thread it lands on, libgit2's too (EINTR).
        var signals = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Linux hands a process-wide signal to the main thread first, so each thread gets its own.
                foreach (var task in Directory.GetDirectories("/proc/self/task"))
                {
                    _ = ThreadKill(Environment.ProcessId, int.Parse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture), SigChld);
                }

                await Task.Delay(2);
            }
        });

        try
        {
            for (var i = 0; i < 3; i++)
            {
                var snapshot = await Source(url, $"cache-{i}").FetchAsync(Yaml, CancellationToken.None);
                Assert.Equal(head, snapshot.Revision.Commit);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await signals;
        }
    }

    private const int SigChld = 17;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "tgkill", SetLastError = true)]
    private static extern int ThreadKill(int pid, int tid, int signal);

    [Fact]
    public async Task Fetch_CancelledWhileLibgit2IsAtWork_EndsWithoutHarm_AndTheNextFetchSucceeds()
    {
        var head = CommitHistory(commits: 6, filesPerCommit: 150);

        // Cancel each fetch at a different moment of its work; the cache must stay usable and the
        // process alive (a repository freed under a running native fetch would crash it).
        for (var delay = 0; delay < 60; delay += 6)
        {
            var source = Source(_origin.Directory, $"cache-{delay}");
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(delay));
            try
            {
                await source.FetchAsync(Yaml, cancel.Token);
            }
            catch (OperationCanceledException)
            {
            }

            var snapshot = await FetchWhenFreeAsync(source);
            Assert.Equal(head, snapshot.Revision.Commit);
            Assert.Equal(150, snapshot.Files.Count);
        }
    }

    /// <summary>Fetches again once the given-up fetch has ended on its own thread.</summary>
    private static async Task<SourceSnapshot> FetchWhenFreeAsync(GitSource source)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await source.FetchAsync(Yaml, CancellationToken.None);
            }
            catch (GitException e) when (attempt < 100 && e.Message.Contains("has not ended yet", StringComparison.Ordinal))
            {
                await Task.Delay(50);
            }
        }
    }
}
