using System.Globalization;

namespace Reconciler.Git;

/// <summary>
/// Reads commits of a repository on disk without touching its work tree: resolves revisions,
/// lists and reads files as they were at a commit. Used on the service's cached clone and on
/// the user's own repository (pull-request review).
/// </summary>
public sealed class GitRepository
{
    private readonly GitCli _git;

    public GitRepository(string directory, GitCli? git = null)
    {
        Directory = directory;
        _git = git ?? new GitCli();
    }

    public string Directory { get; }

    /// <summary>The commit a revision (branch, tag, sha, HEAD~1...) names; fails clearly when it names none.</summary>
    public async Task<Revision> ResolveAsync(string revision, CancellationToken cancellationToken)
    {
        if (revision.StartsWith('-'))
        {
            throw new GitException($"'{revision}' is not a revision: revisions cannot start with '-'");
        }

        GitResult result;
        try
        {
            result = await _git.RunAsync(Directory, ["show", "-s", "--format=%H%n%ct%n%s", $"{revision}^{{commit}}", "--"], cancellationToken).ConfigureAwait(false);
        }
        catch (GitException e) when (!e.TimedOut)
        {
            throw new GitException($"'{revision}' names no commit in {Directory}: {e.Message}", e);
        }

        var lines = result.StandardOutput.Split('\n');
        if (lines.Length < 2 || lines[0].Length < 40)
        {
            throw new GitException($"git show printed no commit for '{revision}' in {Directory}");
        }

        var time = DateTimeOffset.FromUnixTimeSeconds(long.Parse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture));
        return new Revision(lines[0], time, lines.Length > 2 ? lines[2] : "");
    }

    /// <summary>Files under <paramref name="path"/> (a directory or one file; empty = the whole tree) at a commit, sorted.</summary>
    public async Task<IReadOnlyList<string>> ListFilesAsync(string commit, string path, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "ls-tree", "-r", "--name-only", "-z", commit, "--" };
        var trimmed = path.Trim('/');
        if (trimmed.Length > 0 && trimmed != ".")
        {
            arguments.Add(trimmed);
        }

        var result = await _git.RunAsync(Directory, arguments, cancellationToken).ConfigureAwait(false);
        var files = result.StandardOutput.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    public async Task<string> ReadFileAsync(string commit, string path, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(Directory, ["cat-file", "blob", $"{commit}:{path}"], cancellationToken).ConfigureAwait(false);
        return result.StandardOutput;
    }

    /// <summary>The files under <paramref name="path"/> at a commit that <paramref name="include"/> accepts, with their content.</summary>
    public async Task<IReadOnlyList<RepositoryFile>> ReadFilesAsync(string commit, string path, Func<string, bool> include, CancellationToken cancellationToken)
    {
        var files = new List<RepositoryFile>();
        foreach (var file in await ListFilesAsync(commit, path, cancellationToken).ConfigureAwait(false))
        {
            if (include(file))
            {
                files.Add(new RepositoryFile(file, await ReadFileAsync(commit, file, cancellationToken).ConfigureAwait(false)));
            }
        }

        return files;
    }
}
