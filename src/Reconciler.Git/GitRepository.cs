using System.Text;
using LibGit2Sharp;

namespace Reconciler.Git;

/// <summary>
/// Reads commits of a repository on disk with libgit2 (in process, no <c>git</c> child), never
/// touching its work tree: resolves revisions, lists and reads files as they were at a commit,
/// and lists the files two commits differ in. Used on the service's cache and on the user's own
/// repository (pull-request review). Not thread-safe: one caller at a time.
/// </summary>
public sealed class GitRepository : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private readonly Repository _repository;

    /// <param name="directory">The repository, or any directory inside its work tree (as <c>git</c> finds it).</param>
    public GitRepository(string directory)
    {
        Directory = directory;
        var found = Repository.Discover(System.IO.Path.GetFullPath(directory))
            ?? throw new GitException($"{directory} is not inside a git repository; give the repository's directory");
        try
        {
            _repository = new Repository(found);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException($"{directory} cannot be opened as a git repository: {e.Message}", e);
        }
    }

    internal GitRepository(Repository repository, string directory)
    {
        _repository = repository;
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>The top of the work tree (the repository itself when bare).</summary>
    public string Root => Path.TrimEndingDirectorySeparator(_repository.Info.WorkingDirectory ?? _repository.Info.Path);

    /// <summary>The branch HEAD is on, or null when HEAD is detached.</summary>
    public string? CurrentBranch => _repository.Info.IsHeadDetached ? null : _repository.Head.FriendlyName;

    /// <summary>The commit a revision (branch, tag, sha, HEAD~1...) names; fails clearly when it names none.</summary>
    public Task<Revision> ResolveAsync(string revision, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Resolve(revision));
    }

    internal Revision Resolve(string revision)
    {
        if (revision.StartsWith('-'))
        {
            throw new GitException($"'{revision}' is not a revision: revisions cannot start with '-'");
        }

        var commit = Commit(revision);
        return new Revision(commit.Sha, commit.Committer.When, commit.MessageShort);
    }

    /// <summary>Files under <paramref name="path"/> (a directory or one file; empty = the whole tree) at a commit, sorted.</summary>
    public Task<IReadOnlyList<string>> ListFilesAsync(string commit, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<IReadOnlyList<string>>([.. Blobs(Commit(commit), path).Select(b => b.Path)]);
    }

    public Task<string> ReadFileAsync(string commit, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var entry = Commit(commit)[path.Trim('/')];
        if (entry?.Target is not Blob blob)
        {
            throw new GitException($"{path} is not a file at {commit} in {Directory}");
        }

        return Task.FromResult(Text(blob));
    }

    /// <summary>The files under <paramref name="path"/> at a commit that <paramref name="include"/> accepts, with their content.</summary>
    public Task<IReadOnlyList<RepositoryFile>> ReadFilesAsync(string commit, string path, Func<string, bool> include, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ReadFiles(Commit(commit), path, include));
    }

    /// <summary>
    /// The files under <paramref name="path"/> that differ between two commits (added, changed,
    /// deleted; a rename counts as both its paths), sorted. Trees are compared by object id, so
    /// unchanged directories are skipped without reading them.
    /// </summary>
    public Task<IReadOnlyList<string>> ChangedFilesAsync(string from, string to, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var prefix = Prefix(path);
        var changes = _repository.Diff.Compare<TreeChanges>(Commit(from).Tree, Commit(to).Tree);
        var paths = changes
            .SelectMany(c => new[] { c.OldPath, c.Path })
            .Where(p => Under(p, prefix))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>([.. paths]);
    }

    internal static IReadOnlyList<RepositoryFile> ReadFiles(Commit commit, string path, Func<string, bool> include) =>
        [.. Blobs(commit, path).Where(b => include(b.Path)).Select(b => new RepositoryFile(b.Path, Text(b.Blob)))];

    internal Commit Commit(string revision)
    {
        GitObject? found;
        try
        {
            found = _repository.Lookup(revision);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException($"'{revision}' names no commit in {Directory}: {e.Message}", e);
        }

        return found switch
        {
            LibGit2Sharp.Commit commit => commit,
            TagAnnotation tag when tag.Target.Peel<LibGit2Sharp.Commit>() is { } tagged => tagged,
            _ => throw new GitException($"'{revision}' names no commit in {Directory}"),
        };
    }

    public void Dispose() => _repository.Dispose();

    /// <summary>The blobs (files and symbolic links, as <c>git ls-tree -r</c> lists them) under a path, sorted by path.</summary>
    private static List<(string Path, Blob Blob)> Blobs(Commit commit, string path)
    {
        var prefix = Prefix(path);
        if (prefix.Length == 0)
        {
            return Walk(commit.Tree);
        }

        return commit[prefix]?.Target switch
        {
            Tree tree => Walk(tree),
            Blob blob => [(prefix, blob)],
            _ => [],
        };
    }

    private static List<(string Path, Blob Blob)> Walk(Tree tree)
    {
        var found = new List<(string Path, Blob Blob)>();
        var pending = new Stack<Tree>([tree]);
        while (pending.Count > 0)
        {
            foreach (var entry in pending.Pop())
            {
                switch (entry.Target)
                {
                    case Tree child:
                        pending.Push(child);
                        break;
                    case Blob blob:
                        found.Add((entry.Path.Replace('\\', '/'), blob));
                        break;
                    default:
                        break; // submodule commits have no content here
                }
            }
        }

        found.Sort((a, b) => StringComparer.Ordinal.Compare(a.Path, b.Path));
        return found;
    }

    /// <summary>The blob's bytes as UTF-8 text, a byte-order mark dropped (as the git client's output was read).</summary>
    private static string Text(Blob blob)
    {
        using var reader = new StreamReader(blob.GetContentStream(), Utf8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static string Prefix(string path)
    {
        var trimmed = path.Replace('\\', '/').Trim('/');
        return trimmed == "." ? "" : trimmed;
    }

    private static bool Under(string file, string prefix) =>
        prefix.Length == 0 || file == prefix || file.StartsWith(prefix + "/", StringComparison.Ordinal);
}
