using System.Diagnostics;

namespace Reconciler.Testing.Git;

/// <summary>
/// A real git repository in a temporary directory, written by the <c>git</c> client (an
/// independent writer: the code under test reads and fetches with libgit2).
/// </summary>
public sealed class TempRepository : IDisposable
{
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

    public string Git(params string[] arguments) => Run(Directory, null, arguments);

    /// <summary>Runs git with extra environment variables (GNUPGHOME for signing).</summary>
    public string GitWith(IReadOnlyDictionary<string, string> environment, params string[] arguments) => Run(Directory, environment, arguments);

    /// <summary>Runs the git client in a directory; fails the test with git's message when it fails.</summary>
    public static string Run(string directory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', arguments)} failed (exit {process.ExitCode}): {error.Result}{output}");
        }

        return output;
    }

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
