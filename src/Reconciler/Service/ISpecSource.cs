using Reconciler.Git;

namespace Reconciler.Service;

/// <summary>Where the loop gets the newest revision of the specs (phase 1).</summary>
internal interface ISpecSource
{
    /// <summary>Repository, branch and path, with no credentials, for status and logs.</summary>
    string Description { get; }

    /// <exception cref="GitException">The fetch failed; the last good revision keeps running.</exception>
    /// <exception cref="UntrustedRevisionException">The newest revision is not signed by a trusted key.</exception>
    Task<SourceSnapshot> FetchAsync(CancellationToken cancellationToken);
}
