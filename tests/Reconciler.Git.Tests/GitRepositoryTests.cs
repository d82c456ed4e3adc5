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
        var repository = new GitRepository(_repo.Directory);

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
        var repository = new GitRepository(_repo.Directory);

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
        var repository = new GitRepository(_repo.Directory);

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

        var files = await new GitRepository(_repo.Directory).ListFilesAsync(commit, "specs/b.yaml", CancellationToken.None);

        Assert.Equal(["specs/b.yaml"], files);
    }
}
