using System.Text.RegularExpressions;

namespace Reconciler.Dashboard;

/// <summary>
/// Links a revision to its commit page when the source is on a forge whose URL scheme is known:
/// GitHub (/commit/), GitLab (/-/commit/), Bitbucket (/commits/), Azure DevOps (/commit/).
/// Any other source (a local directory, a self-hosted server) shows the hash without a link.
/// </summary>
internal sealed partial class CommitLinks
{
    private readonly string? _prefix;

    public CommitLinks(string? repository) => _prefix = Prefix(repository);

    public static CommitLinks None { get; } = new(null);

    public string? For(string? revision) => _prefix is null || revision is null ? null : _prefix + revision;

    private static string? Prefix(string? repository)
    {
        if (string.IsNullOrWhiteSpace(repository))
        {
            return null;
        }

        // git@github.com:owner/repo.git and ssh://git@github.com/owner/repo.git name the same page as https.
        var scp = ScpLike().Match(repository);
        var url = scp.Success ? $"https://{scp.Groups["host"].Value}/{scp.Groups["path"].Value}" : repository;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http" or "ssh"))
        {
            return null;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        path = path.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? path[..^4] : path;
        var host = uri.Host.ToLowerInvariant();
        return host switch
        {
            "github.com" => $"https://github.com{path}/commit/",
            "gitlab.com" => $"https://gitlab.com{path}/-/commit/",
            "bitbucket.org" => $"https://bitbucket.org{path}/commits/",
            "dev.azure.com" or "ssh.dev.azure.com" => AzureDevOps(path),
            _ => null,
        };
    }

    /// <summary>https://dev.azure.com/org/project/_git/repo (ssh: v3/org/project/repo).</summary>
    private static string? AzureDevOps(string path)
    {
        var parts = path.Trim('/').Split('/');
        return parts switch
        {
            [var org, var project, "_git", var repo] => $"https://dev.azure.com/{org}/{project}/_git/{repo}/commit/",
            ["v3", var org, var project, var repo] => $"https://dev.azure.com/{org}/{project}/_git/{repo}/commit/",
            _ => null,
        };
    }

    [GeneratedRegex(@"^(?:[\w.-]+@)?(?<host>[\w.-]+):(?<path>(?!//)[^\\]+)$")]
    private static partial Regex ScpLike();
}
