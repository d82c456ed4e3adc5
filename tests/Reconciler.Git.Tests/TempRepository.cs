namespace Reconciler.Git.Tests;

/// <summary>A real git repository in a temporary directory, for tests that commit and read back.</summary>
public sealed class TempRepository : IDisposable
{
    private readonly GitCli _git = new();

    public TempRepository(string branch = "main")
    {
        Directory = Path.Combine(Path.GetTempPath(), "reconciler-git-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Directory);
        Git("init", "-q", "-b", branch);
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
        Git("config", "commit.gpgsign", "false");
    }

    public string Directory { get; }

    public string Write(string path, string content)
    {
        var full = Path.Combine(Directory, path);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return full;
    }

    public void Delete(string path) => File.Delete(Path.Combine(Directory, path));

    /// <summary>Stages everything and commits; returns the new commit id.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) =>
        _git.RunAsync(Directory, arguments, CancellationToken.None).GetAwaiter().GetResult().StandardOutput;

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
