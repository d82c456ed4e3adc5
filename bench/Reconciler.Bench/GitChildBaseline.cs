using System.Diagnostics;
using System.Globalization;
using System.Text;
using Reconciler.Git;

namespace Reconciler.Bench;

/// <summary>
/// The baseline: how Reconciler.Git read and fetched before LibGit2Sharp (commit c0cdfff,
/// src/Reconciler.Git/GitCli.cs, GitRepository.cs, GitSource.cs), one <c>git</c> child process per
/// call: <c>git show</c> to resolve, <c>git ls-tree -r</c> to list, <c>git cat-file blob</c> per
/// file, <c>git fetch --depth 1</c> into a bare cache. Kept here only to measure against.
/// </summary>
internal sealed class GitChildBaseline(string directory)
{
    public async Task<Revision> ResolveAsync(string revision)
    {
        var lines = (await RunAsync(directory, "show", "-s", "--format=%H%n%ct%n%s", $"{revision}^{{commit}}", "--")).Split('\n');
        return new Revision(lines[0], DateTimeOffset.FromUnixTimeSeconds(long.Parse(lines[1], CultureInfo.InvariantCulture)), lines[2]);
    }

    public async Task<IReadOnlyList<RepositoryFile>> ReadFilesAsync(string commit, string path, Func<string, bool> include)
    {
        var listed = (await RunAsync(directory, "ls-tree", "-r", "--name-only", "-z", commit, "--", path)).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(listed, StringComparer.Ordinal);
        var files = new List<RepositoryFile>();
        foreach (var file in listed.Where(include))
        {
            files.Add(new RepositoryFile(file, await RunAsync(directory, "cat-file", "blob", $"{commit}:{file}")));
        }

        return files;
    }

    /// <summary>The old tick's source phase: shallow fetch into the bare cache, resolve, read every spec.</summary>
    public static async Task<SourceSnapshot> FetchAsync(string cache, string url, string branch, string path, Func<string, bool> include)
    {
        if (!File.Exists(Path.Combine(cache, "HEAD")))
        {
            Directory.CreateDirectory(cache);
            await RunAsync(cache, "init", "--quiet", "--bare");
        }

        await RunAsync(cache, "fetch", "--quiet", "--no-tags", "--depth", "1", "--", url, $"+refs/heads/{branch}:refs/reconciler/source");
        var reader = new GitChildBaseline(cache);
        var revision = await reader.ResolveAsync("refs/reconciler/source");
        return new SourceSnapshot(revision, await reader.ReadFilesAsync(revision.Commit, path, include));
    }

    public static async Task<string> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["LC_ALL"] = "C";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {arguments[0]} failed: {await error}");
    }
}
