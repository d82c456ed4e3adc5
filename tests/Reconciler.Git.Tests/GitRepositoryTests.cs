using Reconciler.Testing.Git;

namespace Reconciler.Git.Tests;

public sealed class GitRepositoryTests : IDisposable
{
    private readonly TempRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Resolve_BranchAndRelativeRevisions_GiveTheirCommits()
    {
        _repo.Write("specs/a.yaml", "one");
        var first = _repo.Commit("first");
        _repo.Write("specs/a.yaml", "two");
        var second = _repo.Commit("second change");
        using var repository = new GitRepository(_repo.Directory);

        var head = await repository.ResolveAsync("main", CancellationToken.None);
        var parent = await repository.ResolveAsync("HEAD~1", CancellationToken.None);

        Assert.Equal(second, head.Commit);
        Assert.Equal("second change", head.Subject);
        Assert.Equal(first, parent.Commit);
        Assert.Equal(first[..12], parent.Short);
        Assert.True(head.CommittedAt > DateTimeOffset.UnixEpoch);
    }

    [Theory]
    [InlineData("no-such-branch")]
    [InlineData("--output=/tmp/x")]
    public async Task Resolve_UnknownOrOptionLikeRevision_FailsNamingIt(string revision)
    {
        _repo.Commit("empty");
        using var repository = new GitRepository(_repo.Directory);

        var error = await Assert.ThrowsAsync<GitException>(() => repository.ResolveAsync(revision, CancellationToken.None));

        Assert.Contains(revision, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFiles_ReturnsTheContentAtThatCommitNotTheWorkTree()
    {
        _repo.Write("specs/a.yaml", "at-first");
        _repo.Write("specs/notes.txt", "ignored");
        _repo.Write("other/b.yaml", "outside");
        var first = _repo.Commit("first");
        _repo.Write("specs/a.yaml", "later");
        _repo.Write("specs/c.yaml", "new");
        _repo.Commit("second");
        _repo.Write("specs/a.yaml", "uncommitted");
        using var repository = new GitRepository(_repo.Directory);

        var atFirst = await repository.ReadFilesAsync(first, "specs/", p => p.EndsWith(".yaml", StringComparison.Ordinal), CancellationToken.None);
        var atHead = await repository.ReadFilesAsync("HEAD", "specs", p => p.EndsWith(".yaml", StringComparison.Ordinal), CancellationToken.None);

        Assert.Equal([new RepositoryFile("specs/a.yaml", "at-first")], atFirst);
        Assert.Equal(["specs/a.yaml", "specs/c.yaml"], atHead.Select(f => f.Path));
        Assert.Equal("later", atHead[0].Content);
    }

    [Fact]
    public async Task ListFiles_OneFilePath_ListsJustThatFile()
    {
        _repo.Write("specs/a.yaml", "x");
        _repo.Write("specs/b.yaml", "y");
        var commit = _repo.Commit("c");

        using var repository = new GitRepository(_repo.Directory);

        var files = await repository.ListFilesAsync(commit, "specs/b.yaml", CancellationToken.None);

        Assert.Equal(["specs/b.yaml"], files);
    }

    [Fact]
    public async Task ChangedFiles_ListsAddedChangedDeletedAndRenamedFilesUnderThePath()
    {
        _repo.Write("specs/keep.yaml", "same");
        _repo.Write("specs/edit.yaml", "before");
        _repo.Write("specs/gone.yaml", "x");
        _repo.Write("specs/old-name.yaml", "renamed content that stays the same");
        _repo.Write("other/outside.yaml", "before");
        var from = _repo.Commit("base");
        _repo.Write("specs/edit.yaml", "after");
        _repo.Delete("specs/gone.yaml");
        _repo.Write("specs/new.yaml", "new");
        _repo.Git("mv", "specs/old-name.yaml", "specs/new-name.yaml");
        _repo.Write("other/outside.yaml", "after");
        var to = _repo.Commit("head");
        using var repository = new GitRepository(_repo.Directory);

        var changed = await repository.ChangedFilesAsync(from, to, "specs", CancellationToken.None);

        Assert.Equal(["specs/edit.yaml", "specs/gone.yaml", "specs/new-name.yaml", "specs/new.yaml", "specs/old-name.yaml"], changed);
    }

    [Fact]
    public void Open_DirectoryInsideTheWorkTree_FindsTheRepositoryAndItsBranch()
    {
        _repo.Write("specs/a.yaml", "x");
        _repo.Commit("c");

        using var repository = new GitRepository(Path.Combine(_repo.Directory, "specs"));

        Assert.Equal(Path.GetFullPath(_repo.Directory).TrimEnd('/'), repository.Root.TrimEnd('/'));
        Assert.Equal("main", repository.CurrentBranch);
    }

    [Fact]
    public void Open_DirectoryOutsideAnyRepository_FailsSayingSo()
    {
        var outside = Directory.CreateTempSubdirectory("reconciler-norepo-").FullName;
        try
        {
            var error = Assert.Throws<GitException>(() => new GitRepository(outside));

            Assert.Contains("is not inside a git repository", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(outside);
        }
    }
}
