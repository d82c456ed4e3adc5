using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace Reconciler.Git;

/// <summary>
/// Follows one branch of a repository with libgit2, in process: each <see cref="FetchAsync"/>
/// fetches the branch tip into a bare cache, checks its signature when asked to, and reads the
/// spec files at that commit. Failures throw; keeping the last good revision is the caller's job.
/// </summary>
/// <remarks>
/// libgit2 ignores a fetch depth, so the cache holds the followed branch's whole history (no
/// tags, no other branches); later fetches bring only what is new. A cache left shallow by the
/// earlier <c>git</c>-client fetcher is replaced by a full one on first use.
/// </remarks>
public sealed class GitSource
{
    private const string TrackingRef = "refs/reconciler/source";
    private const string IncomingRef = "refs/reconciler/incoming";

    /// <summary>The cache's one remote (its URL is part of the cache's name, so it never changes).</summary>
    private const string RemoteName = "source";
    private readonly GitSourceOptions _options;
    private readonly string _cache;
    private readonly string _url;
    private readonly SignatureChecker _signatures;
    private Task? _fetching;

    public GitSource(GitSourceOptions options)
    {
        _options = options;
        _url = FetchUrl(options.Repository);
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_url + "\n" + options.Branch)))[..16];
        _cache = System.IO.Path.GetFullPath(System.IO.Path.Combine(options.CacheDirectory, key));
        _signatures = new SignatureChecker(options.Verification, System.IO.Path.Combine(_cache, "reconciler"), options.Timeout);
        ServerTimeouts.Apply(options.Timeout);
    }

    /// <summary>The repository as it may be shown: no user name, password or token in it.</summary>
    public string DisplayUrl => Display(_options.Repository);

    /// <summary>The bare repository the fetches go into.</summary>
    public string CacheDirectory => _cache;

    public async Task<SourceSnapshot> FetchAsync(Func<string, bool> include, CancellationToken cancellationToken)
    {
        await FetchTipAsync(cancellationToken).ConfigureAwait(false);

        using var repository = OpenCache();
        var reader = new GitRepository(repository, _cache);
        var revision = reader.Resolve(TrackingRef);
        await _signatures.VerifyAsync(repository, revision, cancellationToken).ConfigureAwait(false);
        return new SourceSnapshot(revision, GitRepository.ReadFiles(reader.Commit(revision.Commit), _options.Path, include));
    }

    /// <summary>
    /// Fetches the tip on a thread of its own (see <see cref="QuietThread"/>) and waits for it at
    /// most the git timeout. The caller may give up (timeout, cancellation) while libgit2 is still
    /// at work: that thread owns its repository handle and frees it only when libgit2 has
    /// returned, never under a running call (which crashed the process with SIGSEGV).
    /// </summary>
    private async Task FetchTipAsync(CancellationToken cancellationToken)
    {
        if (_fetching is { IsCompleted: false })
        {
            throw new GitException($"the previous fetch from {DisplayUrl} has not ended yet (the remote does not answer); it is given up after the git timeout of {_options.Timeout.TotalSeconds:0.#}s");
        }

        var transport = new FetchTransport(_options.Credentials);
        var options = transport.Options(cancellationToken);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        _fetching = QuietThread.Run("reconciler git fetch", () => FetchTip(transport, options));
        try
        {
            await _fetching.WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new GitException($"git fetch did not finish within {_options.Timeout.TotalSeconds:0.#}s and was given up; check the network and the remote, or raise the git timeout") { TimedOut = true };
        }
        catch (LibGit2SharpException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("the fetch was cancelled", e, cancellationToken);
        }
        catch (LibGit2SharpException e) when (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= _options.Timeout)
        {
            // libgit2's own read timeout (the same limit) can end the call just before the wait above does.
            throw new GitException($"git fetch did not finish within {_options.Timeout.TotalSeconds:0.#}s and was given up ({Redact(e.Message, transport.Secrets)}); check the network and the remote, or raise the git timeout", e) { TimedOut = true };
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException($"git fetch failed: {Redact(e.Message, transport.Secrets)}", e);
        }
    }

    /// <summary>
    /// Fetches the tip into <see cref="IncomingRef"/>, then moves <see cref="TrackingRef"/> there.
    /// The tracking ref stays meanwhile, so libgit2 offers its history and only new objects come.
    /// </summary>
    private void FetchTip(FetchTransport transport, FetchOptions options)
    {
        using var repository = OpenCache();
        if (IsSsh(_url))
        {
            repository.Config.Set("core.sshCommand", transport.WriteSshCommand(_cache));
        }

        var source = string.IsNullOrEmpty(_options.Branch) ? "HEAD" : $"refs/heads/{_options.Branch}";
        if (repository.Refs[IncomingRef] is not null)
        {
            repository.Refs.Remove(IncomingRef);
        }

        var refspec = $"+{source}:{IncomingRef}";
        if (repository.Network.Remotes[RemoteName] is null)
        {
            repository.Network.Remotes.Add(RemoteName, _url, refspec);
        }

        // libgit2 blocks this thread in the network; the caller waits at most the git timeout,
        // and ServerTimeouts makes the native call itself end soon after.
        Commands.Fetch(repository, RemoteName, [refspec], options, null);

        var incoming = repository.Refs[IncomingRef]
            ?? throw new GitException($"git fetch failed: {DisplayUrl} has no {(source == "HEAD" ? "default branch (HEAD)" : $"branch '{_options.Branch}'")}; push it or fix the branch setting");
        repository.Refs.Add(TrackingRef, incoming.TargetIdentifier, allowOverwrite: true);
        repository.Refs.Remove(IncomingRef);
    }

    /// <summary>Opens the bare cache, creating it; a shallow cache from the git-client era is started afresh.</summary>
    private Repository OpenCache()
    {
        if (File.Exists(System.IO.Path.Combine(_cache, "shallow")))
        {
            Directory.Delete(_cache, recursive: true);
        }

        try
        {
            if (!Repository.IsValid(_cache))
            {
                Directory.CreateDirectory(_cache);
                Repository.Init(_cache, isBare: true);
            }

            return new Repository(_cache);
        }
        catch (LibGit2SharpException e)
        {
            throw new GitException($"the git cache {_cache} cannot be opened ({e.Message}); delete it to start afresh, or fix its permissions", e);
        }
    }

    internal static string Redact(string text, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            if (secret.Length > 0)
            {
                text = text.Replace(secret, "***", StringComparison.Ordinal);
            }
        }

        return text;
    }

    internal static string FetchUrl(string repository)
    {
        if (repository.Contains("://", StringComparison.Ordinal) || IsScpLike(repository))
        {
            return repository;
        }

        return new Uri(System.IO.Path.GetFullPath(repository)).AbsoluteUri;
    }

    internal static string Display(string repository)
    {
        if (Uri.TryCreate(repository, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 && !uri.IsFile)
        {
            return new UriBuilder(uri) { UserName = "", Password = "" }.Uri.ToString();
        }

        return repository;
    }

    private static bool IsSsh(string url) =>
        url.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("git+ssh://", StringComparison.OrdinalIgnoreCase)
        || url.StartsWith("ssh+git://", StringComparison.OrdinalIgnoreCase) || IsScpLike(url);

    private static bool IsScpLike(string repository)
    {
        if (repository.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var colon = repository.IndexOf(':', StringComparison.Ordinal);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return colon > 1 && (slash < 0 || colon < slash);
    }
}
