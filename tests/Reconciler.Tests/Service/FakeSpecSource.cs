using System.Security.Cryptography;
using Reconciler.Git;
using Reconciler.Service;

namespace Reconciler.Tests.Service;

/// <summary>
/// A git source the test steers: it serves the revision last published, or fails as libgit2's
/// fetch fails (a <see cref="GitException"/>, ISpecSource's contract), or hangs like a remote
/// that accepts the connection and never answers, until released or cancelled (the real
/// <c>GitSource</c> gives such a fetch up at <c>Source:GitTimeout</c>; see GitTransportTests).
/// </summary>
internal sealed class FakeSpecSource : ISpecSource
{
    private readonly Lock _lock = new();
    private SourceSnapshot? _current;
    private string? _failure;
    private TaskCompletionSource? _hang;

    public string Description => "fake://specs main:specs";

    public int Fetches { get; private set; }

    /// <summary>Publishes a new revision holding exactly these files; returns its 40-digit commit id.</summary>
    public string Publish(DateTimeOffset committedAt, params (string Path, string Content)[] files)
    {
        var commit = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        lock (_lock)
        {
            _current = new SourceSnapshot(new Revision(commit, committedAt, "test"), [.. files.Select(f => new RepositoryFile(f.Path, f.Content))]);
            _failure = null;
        }

        return commit;
    }

    public void Fail(string message)
    {
        lock (_lock)
        {
            _failure = message;
        }
    }

    /// <summary>From now on every fetch waits until <see cref="Release"/> (or its cancellation).</summary>
    public void Hang()
    {
        lock (_lock)
        {
            _hang = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _hang?.TrySetResult();
            _hang = null;
        }
    }

    public async Task<SourceSnapshot> FetchAsync(CancellationToken cancellationToken)
    {
        Task? hang;
        lock (_lock)
        {
            Fetches++;
            hang = _hang?.Task;
        }

        if (hang is not null)
        {
            await hang.WaitAsync(cancellationToken);
        }

        lock (_lock)
        {
            if (_failure is not null)
            {
                throw new GitException(_failure);
            }

            return _current ?? throw new GitException("the branch main does not exist on the remote");
        }
    }
}
